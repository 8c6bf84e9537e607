/**
 * gatehook as a team installs it: built, packed, installed from the tarball into a fresh project outside
 * this repository, and used there under plain Node with no TypeScript loader of ours: the bin, the public
 * imports, the types under a strict user tsconfig, the testing kit under `node --test`, and `gatehook dev`
 * serving the project's own TypeScript hook.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '..', '..');
// npm scripts and npx run the project's pinned Node 24; so do the commands run here.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false' };
let project: string;
let packed: { files: { path: string }[]; size: number; unpackedSize: number; entryCount: number; filename: string };

beforeAll(async () => {
  // dist/ is built by the suite's global setup (test/support/build-package.ts).
  const work = await mkdtemp(join(tmpdir(), 'gatehook-user-'));
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: REPO, env, maxBuffer: 64 * 1024 * 1024 });
  packed = (JSON.parse(stdout) as (typeof packed)[])[0]!;
  project = join(work, 'acme-hooks');
  await mkdir(join(project, 'src'), { recursive: true });
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'acme-hooks', private: true, type: 'module', dependencies: { gatehook: `file:${join(work, packed.filename)}` } }, null, 2),
  );
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project, env, maxBuffer: 64 * 1024 * 1024 });
}, 240_000);

afterAll(async () => {
  if (project) await rm(dirname(project), { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships the compiled package, its license and readme, and nothing of the repository besides', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/src/cli/main.js', 'dist/src/handlers/index.d.ts', 'dist/src/console/client/style.css', 'dist/cdk/lib/index.js']));
    // examples/ is the project `gatehook init` writes, TypeScript and tests included; nothing else is source.
    expect(paths.filter((path) => !/^(dist\/(src|cdk)\/|examples\/|package\.json$|README\.md$|LICENSE$)/.test(path))).toEqual([]);
    expect(paths.filter((path) => /\.tgz$|^test\/|^bench\/|^\.ci\/|cdk\.out|node_modules/.test(path))).toEqual([]);
    expect(paths.filter((path) => /\.ts$/.test(path) && !/\.d\.ts$/.test(path) && !path.startsWith('examples/'))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['examples/src/app.ts', 'examples/test/token.test.ts', 'examples/cdk/app.ts', 'examples/gitignore']));
    console.info(`tarball: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`);
  });

  it('runs `gatehook --help` from node_modules under plain node', async () => {
    const { stdout } = await run(join(project, 'node_modules', '.bin', 'gatehook'), ['--help'], { cwd: project, env });
    expect(stdout).toMatch(/^Usage: gatehook <command> \[options\]/);
    expect(stdout).toMatch(/\n {2}dev /);
  });

  it('imports every public entry point under plain node', async () => {
    const entries = ['gatehook', 'gatehook/handlers/token', 'gatehook/events', 'gatehook/runtime/app', 'gatehook/runtime/node', 'gatehook/runtime/lambda', 'gatehook/secrets', 'gatehook/sdk', 'gatehook/sdk/users', 'gatehook/middleware/verify-jwt', 'gatehook/middleware/metrics', 'gatehook/emulator', 'gatehook/testing'];
    const script = `const names = ${JSON.stringify(entries)}; for (const n of names) { const m = await import(n); if (Object.keys(m).length === 0) throw new Error(n + ' exports nothing'); } console.log('ok ' + names.length);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project, env });
    expect(stdout.trim()).toBe(`ok ${entries.length}`);
    // Internal modules stay internal.
    await expect(run(process.execPath, ['--input-type=module', '-e', "await import('gatehook/runtime/hook-pipeline')"], { cwd: project, env })).rejects.toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });

  it("type-checks a user's hooks against our declarations under strict settings", async () => {
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2024', lib: ['ES2024'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true,
          noPropertyAccessFromIndexSignature: true, noUncheckedIndexedAccess: true, skipLibCheck: false, noEmit: true, types: ['node'], typeRoots: [join(REPO, 'node_modules', '@types')],
        },
        include: ['src'],
      }),
    );
    await writeFile(
      join(project, 'src', 'hooks.ts'),
      [
        "import { tokenHook, registrationHook } from 'gatehook';",
        "import { createHookApp } from 'gatehook/runtime/app';",
        "import { fromValues } from 'gatehook/secrets';",
        "import { callHook } from 'gatehook/testing';",
        "export const token = tokenHook((event, api) => { if (event.user) api.accessToken.addClaims({ tier: 'gold' }); });",
        "export const registration = registrationHook((event, api) => { if (!String(event.userProfile?.['email']).endsWith('@acme.example')) api.registration.deny('Use your work address.'); });",
        "export const app = createHookApp({ hooks: { token, registration }, auth: { header: { secrets: fromValues('s') } } });",
        'export const check = async (): Promise<number> => (await callHook(token)).commands.length;',
        '',
      ].join('\n'),
    );
    const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', project], { cwd: project, env }).catch((error: { stdout: string }) => error);
    expect('stdout' in result ? result.stdout : '').toBe('');
  }, 180_000);

  it("runs a user's test with the testing kit under node --test", async () => {
    await writeFile(
      join(project, 'token.test.mjs'),
      [
        "import { test } from 'node:test';",
        "import assert from 'node:assert/strict';",
        "import { tokenHook } from 'gatehook';",
        "import { callHook } from 'gatehook/testing';",
        "const hook = tokenHook((_event, api) => api.accessToken.addClaims({ tier: 'gold' }));",
        "test('adds the tier', async () => { const r = await callHook(hook); assert.equal(r.outcome, 'applied'); assert.deepEqual(r.commands[0].value, [{ op: 'add', path: '/claims/tier', value: 'gold' }]); });",
        "test('a reserved claim is a contract violation', async () => { await assert.rejects(callHook(tokenHook((_e, api) => api.accessToken.addClaims({ iss: 'x' }))), { name: 'ContractViolationError' }); });",
        '',
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, ['--test', 'token.test.mjs'], { cwd: project, env });
    expect(stdout).toMatch(/\bpass 2\b/);
    expect(stdout).toMatch(/\bfail 0\b/);
  });

  it("serves the project's own TypeScript hook with `gatehook dev`, and never prints the secret it was given", async () => {
    await writeFile(join(project, 'src', 'dev-app.ts'), "import { tokenHook } from 'gatehook';\nexport default tokenHook((_event, api) => { api.accessToken.addClaims({ from_user_project: true }); });\n");
    const secret = 'acme-hook-secret-from-the-environment';
    const orgPort = String(20_000 + Math.floor(Math.random() * 20_000));
    const child = spawn(join(project, 'node_modules', '.bin', 'gatehook'), ['dev', '--app', 'src/dev-app.ts', '--port', '0', '--data-dir', join(project, '.data')], {
      cwd: project,
      env: { ...env, HOOK_SECRET: secret, ORG_PORT: orgPort },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    try {
      const deadline = Date.now() + 60_000;
      while (!/Try it:\n.*\n/.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`gatehook dev did not start:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      const { samples } = (await import(join(project, 'node_modules', 'gatehook', 'dist', 'src', 'testing', 'index.js'))) as typeof import('../../src/testing/index.js');
      const res = await fetch(`${url}/hooks/token`, { method: 'POST', headers: { authorization: secret, 'content-type': 'application/json' }, body: JSON.stringify(samples.token()) });
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toContain('from_user_project');
      expect(out).toContain('Authorization: $HOOK_SECRET');
      expect(out + err).not.toContain(secret);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});

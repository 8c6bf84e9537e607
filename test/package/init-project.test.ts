/**
 * The path a team takes, end to end, as CI runs it on every change: the package is packed, `gatehook init`
 * (from the installed tarball) writes a project into a new folder outside this repository, `npm install`
 * installs it there, and the project's own commands pass: its tests, its type check, its CDK synth, its bin,
 * a plain-node import, and `npm run dev` answering a signed token hook request with the enriched commands.
 * `npm create gatehook` (the create-gatehook package) writes the same project.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const REPO = resolve(import.meta.dirname, '..', '..');
// npm scripts and npx run the project's pinned Node 24; so do the commands run here.
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NO_COLOR: '1',
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  npm_config_update_notifier: 'false',
  CDK_DISABLE_VERSION_CHECK: '1',
  AWS_EC2_METADATA_DISABLED: 'true',
};
for (const name of ['HOOK_SECRET', 'OKTA_ORG_URL', 'OKTA_API_TOKEN', 'PORT', 'ORG_PORT', 'GATEHOOK_DATA_DIR', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_OPTIONS']) delete env[name];
const run = (command: string, args: string[], cwd: string) => exec(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });

let work: string;
let project: string;
let tarball: string;
const timings: string[] = [];
async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await step();
  } finally {
    timings.push(`${label} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

beforeAll(async () => {
  // dist/ is built by the suite's global setup (test/support/build-package.ts).
  work = await mkdtemp(join(tmpdir(), 'gatehook-init-'));
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], REPO);
  tarball = join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  // The CLI a user runs first comes from the tarball too: installed in a scratch folder, then `gatehook init`.
  const boot = join(work, 'boot');
  await writeFile(join(work, 'package.json'), '{}');
  await run('npm', ['install', '--prefix', boot, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], work);
  project = join(work, 'acme-hooks');
  const init = await timed('gatehook init', () => run(join(boot, 'node_modules', '.bin', 'gatehook'), ['init', 'acme-hooks', '--gatehook', tarball], work));
  expect(init.stdout).toContain('cd acme-hooks');
  await timed('npm install', () => run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project));
}, 420_000);

afterAll(async () => {
  console.info(`fresh project (gatehook init -> npm install -> its commands): ${timings.join(', ')}`);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a project made by `gatehook init`', () => {
  it('has the hooks, a test per hook, Lambda entries and a CDK app, and imports nothing of this repository', async () => {
    const files = await readdir(project, { recursive: true });
    const own = files.filter((file) => !file.startsWith('node_modules')).map((file) => file.replaceAll('\\', '/'));
    expect(own).toEqual(
      expect.arrayContaining(['.gitignore', 'README.md', 'package.json', 'tsconfig.json', 'cdk.json', 'cdk/app.ts', 'src/app.ts', 'src/events.ts', 'src/hooks/token.ts', 'src/lambda/token.ts', 'src/lambda/events-worker.ts', 'test/token.test.ts', 'test/events.test.ts']),
    );
    for (const file of own.filter((path) => path.endsWith('.ts'))) {
      expect(await readFile(join(project, file), 'utf8'), file).not.toMatch(/from '(\.\.\/)+src\/(handlers|runtime|sdk|middleware|secrets|testing)\//);
    }
    const pkg = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['dev', 'test', 'typecheck', 'synth', 'deploy']));
    expect(pkg.dependencies.gatehook).toBe(`file:${tarball}`);
    expect(await readFile(join(project, 'README.md'), 'utf8')).toMatch(/npm test[\s\S]*npm run dev/);
  });

  it('passes its own tests (npm test)', async () => {
    const { stdout } = await timed('npm test', () => run('npm', ['test'], project));
    // eslint-disable-next-line no-control-regex -- vitest's colour codes, in case a terminal setting forces them
    expect(stdout.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Test Files\s+7 passed/);
  }, 240_000);

  it('type-checks (npm run typecheck)', async () => {
    const result = await timed('npm run typecheck', () => run('npm', ['run', 'typecheck'], project).catch((error: { stdout: string; stderr: string }) => error));
    expect('stdout' in result ? result.stdout.split('\n').filter((line) => /error TS/.test(line)) : ['failed']).toEqual([]);
  }, 240_000);

  it('synthesizes its CDK app without AWS credentials (npm run synth)', async () => {
    await timed('npm run synth', () => run('npm', ['run', 'synth'], project));
    const template = JSON.parse(await readFile(join(project, 'cdk.out', 'AcmeHooks.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties?: { Runtime?: string } }> };
    const functions = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties?.Runtime === 'nodejs24.x');
    expect(functions.length).toBeGreaterThanOrEqual(8);
    // `gatehook bundle` builds the very code the construct deploys.
    const bundled = await run('npx', ['gatehook', 'bundle', 'src/lambda/token.ts', '--outdir', '.bundles'], project);
    expect(bundled.stdout).toMatch(/\.bundles\/token\/index\.mjs {2}\d+\.\d KiB/);
    const local = await readFile(join(project, '.bundles', 'token', 'index.mjs'));
    const assets = (await readdir(join(project, 'cdk.out'))).filter((name) => name.startsWith('asset.'));
    const deployed = await Promise.all(assets.map((asset) => readFile(join(project, 'cdk.out', asset, 'index.mjs')).catch(() => Buffer.alloc(0))));
    expect(deployed.some((code) => code.equals(local))).toBe(true);
  }, 300_000);

  it('runs `npx gatehook --help` and imports gatehook under plain node', async () => {
    const help = await run('npx', ['gatehook', '--help'], project);
    expect(help.stdout).toMatch(/^Usage: gatehook <command>[\s\S]*\n {2}init /);
    const imported = await run(process.execPath, ['-e', "import('gatehook/handlers/token').then((m) => console.log(typeof m.tokenHook))"], project);
    expect(imported.stdout.trim()).toBe('function');
  });

  it('serves its hooks with `npm run dev`: a signed token hook request gets the enriched commands', async () => {
    const child = spawn('npm', ['run', 'dev', '--', '--port', '0', '--org-port', '0'], { cwd: project, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    try {
      await timed('npm run dev (until ready)', async () => {
        const deadline = Date.now() + 90_000;
        while (!/Watching \d+ file/.test(out)) {
          if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm run dev did not start:\n${out}\n${err}`);
          await new Promise((done) => setTimeout(done, 100));
        }
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      const authorization = /HOOK_SECRET \(dev default[^:]*: (.+)/.exec(out)![1]!.trim();
      const sample = /--data @(\S+)/.exec(out)![1]!;
      const res = await fetch(`${url}/hooks/token`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: await readFile(sample, 'utf8') });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { commands: { type: string; value: unknown }[] };
      expect(body.commands.find((command) => command.type === 'com.okta.access.patch')?.value).toEqual(expect.arrayContaining([{ op: 'add', path: '/claims/tier', value: 'gold' }]));
      const unsigned = await fetch(`${url}/hooks/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(unsigned.status).toBe(401);
    } finally {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
      await new Promise((done) => (child.exitCode !== null ? done(undefined) : child.once('exit', done)));
    }
  }, 180_000);

  it('is what `npm create gatehook` writes too (the create-gatehook package)', async () => {
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], join(REPO, 'create-gatehook'));
    const creator = join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
    const scratch = join(work, 'create');
    // create-gatehook depends on gatehook by version; the override points that at the tarball under test.
    await mkdir(scratch);
    await writeFile(join(scratch, 'package.json'), JSON.stringify({ private: true, overrides: { gatehook: `file:${tarball}` } }));
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', creator], scratch);
    await run('npx', ['create-gatehook', 'beta-hooks', '--gatehook', tarball], scratch);
    const made = (await readdir(join(scratch, 'beta-hooks'), { recursive: true })).map((file) => file.replaceAll('\\', '/')).sort();
    const fromInit = (await readdir(project, { recursive: true })).map((file) => file.replaceAll('\\', '/')).filter((file) => !/^(node_modules|cdk\.out|\.data|\.bundles|package-lock\.json)/.test(file)).sort();
    expect(made).toEqual(fromInit);
    expect(existsSync(join(scratch, 'beta-hooks', 'test', 'token.test.ts'))).toBe(true);
  }, 240_000);
});

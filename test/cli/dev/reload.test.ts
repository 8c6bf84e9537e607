import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleTokenRequest } from '../../../src/handlers/token/index.js';
import { DEV_HOOK_SECRET } from '../../../src/runtime/config.js';
import { spawnCli, type CliProcess } from '../spawn-cli.js';

// A user's project of its own: ESM, TypeScript, a hook in a file the app module imports.
const dir = mkdtempSync(join(tmpdir(), 'gatehook-reload-'));
const src = resolve('src');
const hookFile = join(dir, 'hooks', 'token.ts');
const writeHook = (body: string) => writeFileSync(hookFile, `import { tokenHook } from '${src}/handlers/token/index.ts';\n${body}\n`);

let dev: CliProcess;
let url = '';

async function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stdout:\n${dev.stdout()}\nstderr:\n${dev.stderr()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function claimVersion(): Promise<unknown> {
  const res = await fetch(`${url}/hooks/token`, {
    method: 'POST',
    headers: { Authorization: DEV_HOOK_SECRET, 'content-type': 'application/json' },
    body: JSON.stringify(sampleTokenRequest()),
  });
  const body = (await res.json()) as { commands?: Array<{ value: Array<{ value: unknown }> }> };
  return body.commands?.[0]?.value[0]?.value;
}

const reloads = () => dev.stdout().match(/reloaded .* in \d+ ms/g)?.length ?? 0;

beforeAll(async () => {
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, 'hooks'));
  writeHook(`export const token = tokenHook((event, api) => { api.accessToken.addClaim('version', 'one'); });`);
  writeFileSync(join(dir, 'app.ts'), `import { token } from './hooks/token.ts';\nexport const hooks = { token };\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', ORG_PORT: '0', GATEHOOK_DATA_DIR: join(dir, '.data'), LOG_LEVEL: 'warn' };
  delete env.OKTA_ORG_URL;
  delete env.HOOK_SECRET;
  dev = await spawnCli(['dev', '--app', join(dir, 'app.ts')], env, /Watching \d+ file/);
  url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(dev.stdout())![1]!;
}, 30_000);

afterAll(async () => {
  await dev?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('gatehook dev reloads the hooks when their files change', () => {
  it('serves an edit to an imported file, says so in one line, and keeps the last good hooks when a file breaks', async () => {
    expect(dev.stdout()).toMatch(/Watching 2 file\(s\)/);
    expect(await claimVersion()).toBe('one');

    writeHook(`export const token = tokenHook((event, api) => { api.accessToken.addClaim('version', 'two'); });`);
    await until(() => reloads() === 1, 'the first reload');
    expect(dev.stdout()).toMatch(/hooks\/token\.ts changed; reloaded \S*app\.ts in \d+ ms \(serving token\)/);
    expect(await claimVersion()).toBe('two');

    writeHook(`export const token = tokenHook((event, api) => { api.accessToken.addClaim('version', ;`);
    await until(() => /failed to load; still serving the last good hooks/.test(dev.stderr()), 'the load failure');
    expect(await claimVersion()).toBe('two');

    writeHook(`export const token = tokenHook((event, api) => { api.accessToken.addClaim('version', 'three'); });`);
    await until(() => reloads() === 2, 'the reload after the fix');
    expect(await claimVersion()).toBe('three');
  });
});

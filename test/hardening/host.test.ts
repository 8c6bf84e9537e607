/**
 * DNS rebinding: a page that rebinds its name to 127.0.0.1 reaches the local servers with its own
 * name in Host. Everything `gatehook dev` and `gatehook emulator` serve (hook server, event receiver,
 * emulator API, console) must refuse such a Host, over a real socket, unless the name was allowed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/cli/commands/dev.js';
import { DEMO_LOGIN, orgOptionsFrom, startOrg } from '../../src/cli/commands/org.js';
import type { CliIo } from '../../src/cli/commands/types.js';
import { DEMO_PASSWORD, type RunningEmulator } from '../../src/emulator/index.js';
import { sampleTokenRequest } from '../../src/handlers/token/index.js';
import { DEV_HOOK_SECRET } from '../../src/runtime/config.js';
import { requestWithHost } from './raw-host.js';

const FORGED = ['evil.example', 'evil.example:8788', 'localhost.evil.example', '127.0.0.1.nip.io', 'EVIL.example.'];
const json = { 'content-type': 'application/json', accept: 'application/json' };
const authn = JSON.stringify({ username: DEMO_LOGIN, password: DEMO_PASSWORD });

function quietIo(env: CliIo['env']): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { env, lines, out: (line) => lines.push(line), err: () => {} };
}

function expectRefused(res: { status: number; body: string }, label: string) {
  expect(res.status, label).toBe(403);
  expect(JSON.parse(res.body), label).toMatchObject({ errorCode: 'E0000006', errorSummary: expect.stringMatching(/is not allowed/) });
}

describe('gatehook dev: forged Host headers', () => {
  let dataDir: string;
  let dev: Awaited<ReturnType<typeof startDevServer>>;
  let hooksUrl: string;
  let orgUrl: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehook-host-'));
    const io = quietIo({ ORG_PORT: '0', LOG_LEVEL: 'silent' });
    dev = await startDevServer({ port: 0, host: '127.0.0.1', appPath: 'examples/src/app.ts', dataDir, watch: false }, io);
    hooksUrl = dev.server.url;
    orgUrl = /org emulator: (http:\/\/\S+)/.exec(io.lines.join('\n'))![1]!;
  }, 30_000);
  afterAll(async () => {
    for (const service of dev.services) await service.close();
    await dev.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const hookCall = (host: string) =>
    requestWithHost(hooksUrl, host, '/hooks/token', { method: 'POST', headers: { ...json, authorization: DEV_HOOK_SECRET }, body: JSON.stringify(sampleTokenRequest()) });

  it('the hook server answers its own address and refuses every forged Host', async () => {
    expect((await hookCall(new URL(hooksUrl).host)).status).toBe(200);
    for (const host of FORGED) {
      expectRefused(await hookCall(host), `hook ${host}`);
      expectRefused(await requestWithHost(hooksUrl, host, '/healthz'), `healthz ${host}`);
      expectRefused(await requestWithHost(hooksUrl, host, '/hooks/events', { headers: { authorization: DEV_HOOK_SECRET, 'x-okta-verification-challenge': 'abc' } }), `events ${host}`);
    }
  });

  it('the emulator API and console refuse every forged Host (the demo password is public)', async () => {
    expect((await requestWithHost(orgUrl, `localhost:${new URL(orgUrl).port}`, '/api/v1/authn', { method: 'POST', headers: json, body: authn })).status).toBe(200);
    for (const host of FORGED) {
      expectRefused(await requestWithHost(orgUrl, host, '/api/v1/authn', { method: 'POST', headers: json, body: authn }), `authn ${host}`);
      expectRefused(await requestWithHost(orgUrl, host, '/_console/login'), `console ${host}`);
      expectRefused(await requestWithHost(orgUrl, host, '/oauth2/default/.well-known/openid-configuration'), `oidc ${host}`);
    }
  });
});

describe('gatehook emulator: a name allowed on purpose', () => {
  let org: RunningEmulator;
  beforeAll(async () => {
    const options = orgOptionsFrom({ GATEHOOK_ALLOWED_HOSTS: 'emu.internal' }, { port: '0', dataFile: ':memory:', allowHost: 'okta.test' });
    org = await startOrg(options, quietIo({ LOG_LEVEL: 'silent' }));
  });
  afterAll(() => org.close());

  it('answers the names from --allow-host and GATEHOOK_ALLOWED_HOSTS, and still refuses others', async () => {
    for (const host of ['emu.internal', 'okta.test:8788']) {
      expect((await requestWithHost(org.url, host, '/api/v1/authn', { method: 'POST', headers: json, body: authn })).status, host).toBe(200);
    }
    expectRefused(await requestWithHost(org.url, 'evil.example', '/api/v1/authn', { method: 'POST', headers: json, body: authn }), 'evil');
  });

  it('keeps the console on loopback names even then', async () => {
    expect((await requestWithHost(org.url, 'emu.internal', '/_console/login')).status).toBe(403);
    expect((await requestWithHost(org.url, new URL(org.url).host, '/_console/login')).status).toBe(200);
  });
});

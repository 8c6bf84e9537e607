import { serve, type ServerType } from '@hono/node-server';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSend } from '../../src/cli/commands/send.js';
import { CliUsageError, type CliIo } from '../../src/cli/commands/types.js';
import { tokenHook } from '../../src/handlers/token/index.js';
import { createHookApp } from '../../src/runtime/app.js';
import { fromValues } from '../../src/secrets/env.js';
import { json, sleep, startServer, type Responder, type TestServer } from '../emulator/hook-calls/http-fixture.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

function captureIo(env: Record<string, string | undefined> = {}): CliIo & { output: () => string } {
  const lines: string[] = [];
  return { out: (line) => lines.push(line), err: (line) => lines.push(`ERR ${line}`), env, output: () => lines.join('\n') };
}

async function fixture(responder: Responder): Promise<TestServer> {
  const server = await startServer(responder);
  cleanup.push(() => server.close());
  return server;
}

async function runtimeServer(): Promise<string> {
  const app = createHookApp({
    hooks: { token: tokenHook(async (_event, api) => api.accessToken.addClaim('tier', 'gold')) },
    auth: { header: { secrets: fromValues('s3cret') } },
    logger: { debug() {}, info() {}, warn() {}, error() {}, child() { return this; } },
  });
  const http: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  cleanup.push(() => new Promise((resolve) => { (http as Server).closeAllConnections(); http.close(() => resolve()); }));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

describe('gatehook send against the real hook runtime', () => {
  it('exits 0 when the token hook answers a patch Okta applies', async () => {
    const url = await runtimeServer();
    const io = captureIo();
    const code = await runSend(['token', '--url', `${url}/hooks/token`, '--secret', 's3cret'], io);
    expect(io.output()).toMatch(/HTTP 200 in \d+ ms \(1 attempt\)/);
    expect(io.output()).toContain('"path": "/claims/tier"');
    expect(io.output()).toContain('Verdict: honoured. 1 patch operation(s) apply cleanly.');
    expect(code).toBe(0);
  });

  it('reads the secret from HOOK_SECRET and exits 1 on a 401', async () => {
    const url = await runtimeServer();
    const io = captureIo({ HOOK_SECRET: 'wrong' });
    const code = await runSend(['token', '--url', `${url}/hooks/token`], io);
    expect(code).toBe(1);
    expect(io.output()).toContain('HTTP 401');
    expect(io.output()).toContain('Okta would mint the original token');
    expect(io.output()).not.toContain('wrong');
  });

  it('says that no auth header was sent and how to pass one', async () => {
    const url = await runtimeServer();
    const io = captureIo({});
    const code = await runSend(['token', '--url', `${url}/hooks/token`], io);
    expect(code).toBe(1);
    expect(io.output()).toContain('no auth header sent: pass --secret <value>, set HOOK_SECRET');
  });
});

describe('gatehook send verdicts', () => {
  it('exits 1 when the patch touches a reserved claim', async () => {
    const server = await fixture((_req, res) =>
      json(res, 200, { commands: [{ type: 'com.okta.access.patch', value: [{ op: 'replace', path: '/claims/scp', value: ['admin'] }] }] }),
    );
    const io = captureIo();
    expect(await runSend(['token', '--url', server.url], io)).toBe(1);
    expect(io.output()).toMatch(/NOT honoured.*reserved claim/);
  });

  it('exits 0 for a registration hook that denies with an error object', async () => {
    const server = await fixture((_req, res) => json(res, 200, { error: { errorSummary: 'No', errorCauses: [{ errorSummary: 'Bad domain', location: 'data.userProfile.email' }] } }));
    const io = captureIo();
    expect(await runSend(['registration', '--url', server.url], io)).toBe(0);
    expect(io.output()).toContain('Verdict: honoured. Denied by the hook: "No".');
    expect(JSON.parse(server.requests[0]?.body ?? '{}').eventType).toBe('com.okta.user.pre-registration');
  });

  it('exits 1 for a telephony hook answering an empty 204', async () => {
    const server = await fixture((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const io = captureIo();
    expect(await runSend(['telephony', '--url', server.url], io)).toBe(1);
    expect(io.output()).toContain("Okta's own provider");
  });

  it('exits 1 when the hook is slower than the timeout', async () => {
    const server = await fixture(async (_req, res) => {
      await sleep(800);
      if (!res.destroyed) json(res, 200, {});
    });
    const io = captureIo();
    expect(await runSend(['saml', '--url', server.url, '--timeout-ms', '300'], io)).toBe(1);
    expect(io.output()).toContain('timeout');
    expect(io.output()).toContain('use the original assertion');
  });

  it('sends the --data file verbatim with the bearer token', async () => {
    const server = await fixture((_req, res) => json(res, 200, { commands: [{ type: 'com.okta.action.update', value: { credential: 'VERIFIED' } }] }));
    const dir = await mkdtemp(join(tmpdir(), 'gatehook-send-'));
    const file = join(dir, 'request.json');
    const body = { eventType: 'com.okta.user.credential.password.import', eventId: 'evt-fixed', data: { action: { credential: 'UNVERIFIED' } } };
    await writeFile(file, JSON.stringify(body));
    const io = captureIo();
    expect(await runSend(['password-import', '--url', server.url, '--data', file, '--bearer', 'ey.jwt.sig'], io)).toBe(0);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual(body);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer ey.jwt.sig');
    expect(io.output()).toContain('eventId evt-fixed');
  });

  it('sends the secret under --header-name', async () => {
    const server = await fixture((_req, res) => json(res, 200, {}));
    await runSend(['user-import', '--url', server.url, '--secret', 'abc', '--header-name', 'X-Okta-Secret'], captureIo());
    expect(server.requests[0]?.headers['x-okta-secret']).toBe('abc');
  });
});

describe('gatehook send usage', () => {
  it('prints help and exits 0', async () => {
    const io = captureIo();
    expect(await runSend(['--help'], io)).toBe(0);
    expect(io.output()).toContain('Usage: gatehook send <type>');
  });

  it.each([
    [[]],
    [['--url', 'http://127.0.0.1:1']],
    [['tokens', '--url', 'http://127.0.0.1:1']],
    [['token']],
    [['token', '--url', 'not a url']],
    [['token', '--url', 'ftp://x']],
    [['token', '--url', 'http://127.0.0.1:1', '--timeout-ms', 'soon']],
    [['token', '--url', 'http://127.0.0.1:1', '--bearer', 'x', '--secret', 'y']],
    [['token', '--url', 'http://127.0.0.1:1', '--data', '/nonexistent/file.json']],
    [['token', '--url', 'http://127.0.0.1:1', '--unknown']],
  ])('rejects %j as a usage error', async (args) => {
    await expect(runSend(args, captureIo())).rejects.toBeInstanceOf(CliUsageError);
  });
});

describe('gatehook send events', () => {
  it('delivers a sample batch to a real event receiver, which queues it, and exits 0', async () => {
    const { startLocalEvents } = await import('../../src/cli/dev/local-events.js');
    const { eventHook } = await import('../../src/handlers/events/index.js');
    const { silentLogger } = await import('../../src/middleware/logger/index.js');
    const dir = await mkdtemp(join(tmpdir(), 'gatehook-send-events-'));
    const seen: string[] = [];
    const events = await startLocalEvents({ dbPath: join(dir, 'events.db'), auth: { header: { secrets: fromValues('s3cret') } }, logger: silentLogger });
    await events.serve(eventHook().onEvent('group.user_membership.add', (event) => void seen.push(event.eventType)));
    cleanup.push(() => events.close());
    const http: ServerType = await new Promise((resolve) => {
      const started = serve({ fetch: events.receiver.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    cleanup.push(() => new Promise((resolve) => { (http as Server).closeAllConnections(); http.close(() => resolve()); }));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/hooks/events`;
    const io = captureIo({ HOOK_SECRET: 's3cret' });
    expect(await runSend(['events', '--url', url, '--event-type', 'group.user_membership.add'], io)).toBe(0);
    expect(io.output()).toMatch(/HTTP 200 in \d+ ms[\s\S]*Verdict: delivered/);
    await events.drain();
    expect(seen).toEqual(['group.user_membership.add']);

    const refused = captureIo({ HOOK_SECRET: 'wrong' });
    expect(await runSend(['events', '--url', url], refused)).toBe(1);
    expect(refused.output()).toMatch(/HTTP 401[\s\S]*Okta does not retry a 4xx/);
  });

  it('refuses an event type Okta never delivers to event hooks', async () => {
    await expect(runSend(['events', '--url', 'http://127.0.0.1:1/hooks/events', '--event-type', 'no.such.event'], captureIo())).rejects.toThrow(/not an event type Okta delivers/);
    await expect(runSend(['token', '--url', 'http://127.0.0.1:1/hooks/token', '--event-type', 'user.lifecycle.deactivate'], captureIo())).rejects.toThrow(CliUsageError);
  });
});

import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedHostsFrom, hostAllowed, hostGuard, parseAllowedHosts, withHostGuard } from '../../src/middleware/host-guard/index.js';
import type { GatehookEnv } from '../../src/middleware/types.js';
import { serveNode, type RunningServer } from '../../src/runtime/node.js';
import { requestWithHost } from '../hardening/raw-host.js';

const getWithHost = (url: string, host: string, path: string) => requestWithHost(url, host, path);

describe('hostAllowed', () => {
  it.each([
    ['127.0.0.1:8788', true],
    ['localhost', true],
    ['LOCALHOST:80', true],
    ['[::1]:8787', true],
    ['evil.example', false],
    ['localhost.evil.example', false],
    ['127.0.0.1.nip.io', false],
    ['localhost.', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (host, allowed) => {
    expect(hostAllowed(host, [])).toBe(allowed);
  });

  it('allows configured names and * (guard off)', () => {
    expect(hostAllowed('emu.internal:8788', ['emu.internal'])).toBe(true);
    expect(hostAllowed('other.internal', ['emu.internal'])).toBe(false);
    expect(hostAllowed('anything.example', ['*'])).toBe(true);
  });
});

describe('allowed host lists', () => {
  it('parses commas and spaces, lower-cases, drops ports, and merges the flag with GATEHOOK_ALLOWED_HOSTS', () => {
    expect(parseAllowedHosts(' Emu.Internal:8788, 10.0.0.5  [FD00::5] ')).toEqual(['emu.internal', '10.0.0.5', '[fd00::5]']);
    expect(allowedHostsFrom({ GATEHOOK_ALLOWED_HOSTS: 'a.example' }, 'b.example,a.example')).toEqual(['a.example', 'b.example']);
    expect(allowedHostsFrom({})).toEqual([]);
  });

  it.each(['http://emu.internal', 'emu.internal/path', 'user@emu.internal', 'emu_internal', '[not-v6]'])('refuses %s with a clear error', (entry) => {
    expect(() => parseAllowedHosts(entry)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID', message: expect.stringContaining(entry) }));
  });
});

describe('hostGuard over HTTP on 127.0.0.1', () => {
  let open: RunningServer;
  let configured: RunningServer;
  beforeAll(async () => {
    // The guard added last to an app whose routes exist already: withHostGuard still runs it first.
    const app = new Hono<GatehookEnv>().get('/hello', (c) => c.text('hi'));
    open = await serveNode(withHostGuard(app), { port: 0, groupLogLines: false });
    configured = await serveNode(new Hono<GatehookEnv>().use(hostGuard({ allowedHosts: ['emu.internal'] })).get('/hello', (c) => c.text('hi')), { port: 0, groupLogLines: false });
  });
  afterAll(async () => {
    await open.close();
    await configured.close();
  });

  it('answers loopback Hosts', async () => {
    for (const host of [`127.0.0.1:${open.port}`, `localhost:${open.port}`, `[::1]:${open.port}`]) {
      expect(await getWithHost(open.url, host, '/hello'), host).toEqual({ status: 200, body: 'hi' });
    }
  });

  it('refuses a forged Host with 403 in Okta error shape, naming the way to allow it', async () => {
    const res = await getWithHost(open.url, 'evil.example', '/hello');
    expect(res.status).toBe(403);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(body).toMatchObject({ errorCode: 'E0000006', errorLink: 'E0000006', errorCauses: [] });
    expect(body.errorSummary).toMatch(/Host "evil\.example" is not allowed.*--allow-host or GATEHOOK_ALLOWED_HOSTS/);
    expect(typeof body.errorId).toBe('string');
  });

  it('answers a configured name and still refuses others', async () => {
    expect((await getWithHost(configured.url, 'emu.internal', '/hello')).status).toBe(200);
    expect((await getWithHost(configured.url, 'evil.example', '/hello')).status).toBe(403);
  });
});

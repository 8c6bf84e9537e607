import { afterEach, describe, expect, it } from 'vitest';
import { runRegister } from '../../src/cli/commands/register.js';
import { CliUsageError, type CliIo } from '../../src/cli/commands/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { json, startServer, type TestServer } from '../emulator/hook-calls/http-fixture.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

const TOKEN = 'test-api-token';

async function org(): Promise<RunningEmulator> {
  const running = await startEmulator({ port: 0, apiTokens: [TOKEN], seed: false });
  cleanup.push(() => running.close());
  return running;
}

/** The deployed hooks: only the event hook's verification GET matters to `register`. */
async function hooks(secret: string): Promise<TestServer> {
  const server = await startServer((req, res) => {
    if (req.headers.authorization !== secret) return json(res, 401, {});
    json(res, 200, { verification: req.headers['x-okta-verification-challenge'] });
  });
  cleanup.push(() => server.close());
  return server;
}

function captureIo(env: Record<string, string | undefined> = {}): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { out: (line) => lines.push(line), err: (line) => lines.push(`ERR ${line}`), env, lines };
}

async function api(running: RunningEmulator, path: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${running.url}${path}`, { headers: { authorization: `SSWS ${TOKEN}`, accept: 'application/json' } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>[];
}

describe('gatehook register against the emulator', () => {
  it('creates, activates and verifies every hook, and is idempotent on a second run', async () => {
    const running = await org();
    const deployed = await hooks('Basic c2VjcmV0');
    const args = ['--org', running.url, '--token', TOKEN, '--base-url', `${deployed.url}/`, '--secret', 'Basic c2VjcmV0'];

    const first = captureIo();
    expect(await runRegister(args, first)).toBe(0);
    expect(first.lines.filter((line) => line.startsWith('created inline hook'))).toHaveLength(6);
    expect(first.lines).toContain('verified event hook "gatehook events"');

    const inline = await api(running, '/api/v1/inlineHooks');
    expect(inline).toHaveLength(6);
    expect(inline.every((hook) => hook.status === 'ACTIVE')).toBe(true);
    const token = inline.find((hook) => hook.name === 'gatehook token') as { type: string; channel: { config: { uri: string; authScheme: { key: string; value?: string } } } };
    expect(token.type).toBe('com.okta.oauth2.tokens.transform');
    expect(token.channel.config.uri).toBe(`${deployed.url}/hooks/token`);
    expect(token.channel.config.authScheme.key).toBe('Authorization');
    const [events] = await api(running, '/api/v1/eventHooks');
    expect(events).toMatchObject({ name: 'gatehook events', status: 'ACTIVE', verificationStatus: 'VERIFIED' });
    expect(deployed.requests.some((request) => request.method === 'GET' && request.headers['x-okta-verification-challenge'])).toBe(true);

    const second = captureIo();
    expect(await runRegister([...args, '--types', 'token,events'], second)).toBe(0);
    expect(second.lines.filter((line) => line.startsWith('updated'))).toHaveLength(2);
    expect(await api(running, '/api/v1/inlineHooks')).toHaveLength(6);
    expect(await api(running, '/api/v1/eventHooks')).toHaveLength(1);
    expect([...first.lines, ...second.lines].join('\n')).not.toContain('c2VjcmV0');
  });

  it('exits 1 when the deployed event hook does not answer the challenge', async () => {
    const running = await org();
    const deployed = await hooks('the-real-secret');
    const io = captureIo({ OKTA_API_TOKEN: TOKEN, HOOK_SECRET: 'a-different-secret' });
    const code = await runRegister(['--org', running.url, '--base-url', deployed.url, '--types', 'events'], io);
    expect(code).toBe(1);
    expect(io.lines.some((line) => line.startsWith('ERR event hook "gatehook events"'))).toBe(true);
  });

  it('exits 1 with the org error when the API token is wrong', async () => {
    const running = await org();
    const io = captureIo();
    const code = await runRegister(['--org', running.url, '--token', 'wrong', '--base-url', 'http://127.0.0.1:9', '--secret', 's', '--types', 'saml'], io);
    expect(code).toBe(1);
    expect(io.lines.join('\n')).toMatch(/ERR gatehook saml: 401/);
  });
});

describe('gatehook register usage', () => {
  it('prints help', async () => {
    const io = captureIo();
    expect(await runRegister(['--help'], io)).toBe(0);
    expect(io.lines[0]).toContain('Usage: gatehook register');
  });

  it.each([
    [['--token', 't', '--base-url', 'https://h.example', '--secret', 's']],
    [['--org', 'https://o.example', '--base-url', 'https://h.example', '--secret', 's']],
    [['--org', 'https://o.example', '--token', 't', '--secret', 's']],
    [['--org', 'https://o.example', '--token', 't', '--base-url', 'https://h.example']],
    [['--org', 'not-a-url', '--token', 't', '--base-url', 'https://h.example', '--secret', 's']],
    [['--org', 'https://o.example', '--token', 't', '--base-url', 'https://h.example', '--secret', 's', '--types', 'token,bogus']],
    [['--org', 'https://o.example', '--token', 't', '--base-url', 'https://h.example', '--secret', 's', '--events', ',']],
    [['extra', '--org', 'https://o.example']],
  ])('rejects %j', async (args) => {
    await expect(runRegister(args, captureIo())).rejects.toBeInstanceOf(CliUsageError);
  });
});

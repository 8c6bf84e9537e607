import { afterEach, describe, expect, it } from 'vitest';
import { runRegister } from '../../src/cli/commands/register.js';
import { CliUsageError, type CliIo } from '../../src/cli/commands/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { json, startServer, type TestServer } from '../emulator/hook-calls/http-fixture.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSecretsManagerStub } from '../support/secrets-manager-stub.js';

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

describe('gatehook register --stack-outputs', () => {
  const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:gatehook/${name}-AbCdEf`;

  /** What `cdk deploy --outputs-file` writes for a stack with GatehookHooks (the manifest next to the other outputs). */
  async function outputsFile(baseUrl: string, extra: Record<string, unknown> = {}): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'gatehook-outputs-'));
    const file = join(dir, 'outputs.json');
    const manifest = {
      format: 'gatehook-hooks/1',
      hooks: [
        { name: 'token', type: 'token', url: `${baseUrl}/token-fn/`, secretArn: arn('token') },
        { name: 'legacy', type: 'password-import', url: `${baseUrl}/legacy-fn/`, secretArn: arn('legacy') },
        { name: 'events', type: 'events', url: `${baseUrl}/events-fn/`, secretArn: arn('events') },
      ],
    };
    await writeFile(file, JSON.stringify({ AcmeHooks: { HooksTokenUrl1234ABCD: `${baseUrl}/token-fn/`, HooksManifest5678EF01: JSON.stringify(manifest), ...extra } }));
    return file;
  }

  it('registers every hook of the stack with its own URL and the current value of its own secret', async () => {
    const running = await org();
    const secrets = await startSecretsManagerStub({
      [arn('token')]: JSON.stringify({ current: 'token-value' }),
      [arn('legacy')]: JSON.stringify({ current: 'legacy-value', previous: 'old-legacy-value' }),
      [arn('events')]: JSON.stringify({ current: 'events-value' }),
    });
    cleanup.push(() => secrets.close());
    const deployed = await hooks('events-value');
    const env = { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url, AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST', AWS_SECRET_ACCESS_KEY: 'local-test-only' };
    Object.assign(process.env, env);
    cleanup.push(async () => {
      for (const key of Object.keys(env)) delete process.env[key];
    });
    const io = captureIo();
    const code = await runRegister(['--org', running.url, '--token', TOKEN, '--stack-outputs', await outputsFile(deployed.url), '--name-prefix', 'acme'], io);
    expect(io.lines.filter((line) => line.startsWith('ERR'))).toEqual([]);
    expect(code).toBe(0);
    expect(io.lines).toContain('done: 3 hook(s) registered at ' + running.url);
    const inline = (await api(running, '/api/v1/inlineHooks')) as { name: string; type: string; channel: { config: { uri: string } } }[];
    expect(inline.map((hook) => [hook.name, hook.type, hook.channel.config.uri]).sort()).toEqual([
      ['acme legacy', 'com.okta.user.credential.password.import', `${deployed.url}/legacy-fn/`],
      ['acme token', 'com.okta.oauth2.tokens.transform', `${deployed.url}/token-fn/`],
    ]);
    const [events] = await api(running, '/api/v1/eventHooks');
    expect(events).toMatchObject({ name: 'acme events', verificationStatus: 'VERIFIED' });
    // The org holds each hook's own current value: the event hook verified with its secret, the others are read back through execute's call.
    expect(deployed.requests.find((request) => request.method === 'GET')?.headers.authorization).toBe('events-value');
    expect(secrets.requests.map((request) => request.body.SecretId).sort()).toEqual([arn('events'), arn('legacy'), arn('token')]);
    expect(io.lines.join('\n')).not.toMatch(/token-value|legacy-value|events-value/);
  });

  it('says which file and why when it is not a stack outputs file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehook-outputs-'));
    await writeFile(join(dir, 'plain.json'), JSON.stringify({ Stack: { SomeUrl: 'https://x.example' } }));
    await writeFile(join(dir, 'broken.json'), '{');
    const base = ['--org', 'https://o.example', '--token', 't'];
    await expect(runRegister([...base, '--stack-outputs', join(dir, 'plain.json')], captureIo())).rejects.toThrow('has no gatehook manifest output');
    await expect(runRegister([...base, '--stack-outputs', join(dir, 'broken.json')], captureIo())).rejects.toThrow('is not JSON');
    await expect(runRegister([...base, '--stack-outputs', join(dir, 'missing.json')], captureIo())).rejects.toThrow('cannot read');
    await expect(runRegister([...base, '--stack-outputs', join(dir, 'plain.json'), '--secret', 's'], captureIo())).rejects.toThrow('drop --base-url and --secret');
  });

  it('reports a secret it cannot read and registers the rest', async () => {
    const running = await org();
    const secrets = await startSecretsManagerStub({ [arn('token')]: 'token-value' });
    cleanup.push(() => secrets.close());
    const env = { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url, AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST', AWS_SECRET_ACCESS_KEY: 'local-test-only' };
    Object.assign(process.env, env);
    cleanup.push(async () => {
      for (const key of Object.keys(env)) delete process.env[key];
    });
    const io = captureIo();
    const code = await runRegister(['--org', running.url, '--token', TOKEN, '--stack-outputs', await outputsFile('http://127.0.0.1:9'), '--types', 'token,password-import'], io);
    expect(code).toBe(1);
    expect(io.lines).toContainEqual(expect.stringMatching(/^ERR gatehook legacy: secret .*legacy.* was not found, or has no AWSCURRENT value \(ResourceNotFoundException\)$/));
    expect(io.lines).toContainEqual(expect.stringMatching(/^created inline hook "gatehook token"/));
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

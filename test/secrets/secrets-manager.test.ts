import { spawn } from 'node:child_process';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { SignatureV4 } from '@smithy/signature-v4';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromSecretsManager, readSecretString, signedRequestReader } from '../../src/secrets/secrets-manager.js';
import { sampleTokenRequest } from '../../src/handlers/token/index.js';
import { startSecretsManagerStub, type SecretsManagerStub } from '../support/secrets-manager-stub.js';

let stub: SecretsManagerStub;
let secrets: Map<string, string>;
let requests: SecretsManagerStub['requests'];

beforeAll(async () => {
  stub = await startSecretsManagerStub();
  ({ secrets, requests } = stub);
});

afterAll(() => stub.close());

beforeEach(() => {
  secrets.clear();
  requests.length = 0;
});

const client = () => stub.client();

describe('fromSecretsManager (real SDK client, local endpoint)', () => {
  it('reads a plain secret with the GetSecretValue JSON protocol', async () => {
    secrets.set('gatehook/hook', 'Basic Z2F0ZTpob29r');
    const source = fromSecretsManager('gatehook/hook', { client: client() });
    expect(await source.get()).toEqual(['Basic Z2F0ZTpob29r']);
    // AWSCURRENT, and AWSPENDING in case a rotation is under way.
    expect(requests).toEqual([
      { target: 'secretsmanager.GetSecretValue', contentType: 'application/x-amz-json-1.1', body: { SecretId: 'gatehook/hook' } },
      { target: 'secretsmanager.GetSecretValue', contentType: 'application/x-amz-json-1.1', body: { SecretId: 'gatehook/hook', VersionStage: 'AWSPENDING' } },
    ]);
  });

  it('accepts the AWSPENDING values while a rotation is under way, and only the current ones after it', async () => {
    secrets.set('s', JSON.stringify({ current: 'old' }));
    const token = stub.startRotation('s');
    const list = stub.versions.get('s')!;
    list.find((v) => v.versionId === token)!.value = JSON.stringify({ current: 'new', previous: 'old' });
    expect(await fromSecretsManager('s', { client: client() }).get()).toEqual(['old', 'new']);
    await client().send(new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: list[0]!.versionId }));
    expect(await fromSecretsManager('s', { client: client() }).get()).toEqual(['new', 'old']);
    secrets.set('s', JSON.stringify({ current: 'newer' }));
    expect(await fromSecretsManager('s', { client: client() }).get()).toEqual(['newer']);
  });

  it('fails closed when the pending version cannot be read for a reason other than its absence', async () => {
    secrets.set('s', 'one');
    const token = stub.startRotation('s');
    stub.versions.get('s')!.find((v) => v.versionId === token)!.value = '{"current": ';
    await expect(fromSecretsManager('s', { client: client() }).get()).rejects.toMatchObject({ code: 'ERR_SECRET_FORMAT' });
  });

  it('reads the {current, previous} rotation format', async () => {
    secrets.set('gatehook/hook', JSON.stringify({ current: 'new', previous: 'old' }));
    expect(await fromSecretsManager('gatehook/hook', { client: client() }).get()).toEqual(['new', 'old']);
  });

  it('caches within the TTL and re-reads after it', async () => {
    let now = 0;
    secrets.set('s', 'one');
    const source = fromSecretsManager('s', { client: client(), ttlMs: 1000, now: () => now });
    expect(await source.get()).toEqual(['one']);
    secrets.set('s', 'two');
    now = 500;
    expect(await source.get()).toEqual(['one']);
    now = 1000;
    expect(await source.get()).toEqual(['two']);
    expect(requests).toHaveLength(4);
  });

  it('picks up a rotation on a miss (forced refresh), at most once per interval', async () => {
    let now = 0;
    secrets.set('s', 'one');
    const source = fromSecretsManager('s', { client: client(), ttlMs: 300_000, minRefreshMs: 10_000, now: () => now });
    await source.get();
    secrets.set('s', JSON.stringify({ current: 'two', previous: 'one' }));
    now = 5_000;
    expect(await source.get({ forceRefresh: true })).toEqual(['one']);
    now = 10_000;
    expect(await source.get({ forceRefresh: true })).toEqual(['two', 'one']);
    expect(requests).toHaveLength(4);
  });

  it('reports a missing secret by id, with a stable code', async () => {
    await expect(fromSecretsManager('missing', { client: client() }).get()).rejects.toMatchObject({
      code: 'ERR_SECRET_FETCH_FAILED',
      message: expect.stringMatching(/^reading secret missing failed: ResourceNotFoundException/),
    });
  });

  it('rejects a bad stored format without echoing the value', async () => {
    secrets.set('s', '{"current": "super-secret-value", ');
    const err = await readSecretString(client(), 's').then(() => fromSecretsManager('s', { client: client() }).get()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_SECRET_FORMAT' });
    expect((err as Error).message).not.toContain('super-secret-value');
  });

  it('needs a secret id', () => {
    expect(() => fromSecretsManager('')).toThrow(/GATEHOOK_HOOK_SECRET_ID/);
  });
});

describe('an ESM bundle made with plain esbuild flags (--bundle --platform=node --format=esm)', () => {
  const tokenRequest = JSON.stringify(sampleTokenRequest());
  let dir: string;
  let driver: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehook-sm-bundle-'));
    const result = await build({
      entryPoints: [resolve(import.meta.dirname, '../../examples/src/lambda/token.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: join(dir, 'token.mjs'),
      metafile: true,
      logLevel: 'silent',
    });
    // Neither the SDK nor a require() of a built-in made it in: the bundle loads under plain ESM.
    expect(Object.keys(result.metafile.inputs).filter((path) => path.includes('@aws-sdk'))).toEqual([]);
    expect(readFileSync(join(dir, 'token.mjs'), 'utf8')).not.toMatch(/__require\(["']node:https?["']\)|Dynamic require/);
    driver = join(dir, 'invoke.mjs');
    // One Lambda function URL event per presented secret; prints each answer's status.
    writeFileSync(
      driver,
      `import { handler } from './token.mjs';
for (const secret of JSON.parse(process.env.PRESENTED)) {
  const event = { version: '2.0', routeKey: '$default', rawPath: '/', rawQueryString: '', isBase64Encoded: false, body: process.env.BODY,
    headers: { authorization: secret, 'content-type': 'application/json', host: 'x.lambda-url.us-east-1.on.aws' },
    requestContext: { http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'Okta' }, domainName: 'x.lambda-url.us-east-1.on.aws', requestId: 'r', routeKey: '$default', stage: '$default', timeEpoch: Date.now() } };
  const res = await handler(event, { awsRequestId: 'r', getRemainingTimeInMillis: () => 3000 });
  console.log('STATUS ' + res.statusCode);
}`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (env: Record<string, string>, presented: string[]) =>
    new Promise<{ statuses: number[]; output: string }>((done, fail) => {
      const child = spawn(process.execPath, [driver], {
        env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-a-real-key', AWS_SESSION_TOKEN: 'session', AWS_REGION: 'us-east-1', GATEHOOK_HOOK_SECRET_ID: 'gatehook/hook', BODY: tokenRequest, PRESENTED: JSON.stringify(presented), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk));
      child.on('error', fail);
      child.on('exit', () => done({ statuses: [...output.matchAll(/STATUS (\d+)/g)].map((m) => Number(m[1])), output }));
    });

  it('reads the hook secret with a signed GetSecretValue and answers: 200 for the secret, 401 for another', async () => {
    secrets.set('gatehook/hook', 'Basic YnVuZGxlOnNlY3JldA==');
    const { statuses, output } = await run({ AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.url }, ['Basic YnVuZGxlOnNlY3JldA==', 'Basic d3Jvbmc=']);
    expect(statuses, output).toEqual([200, 401]);
    expect(requests[0]).toMatchObject({ target: 'secretsmanager.GetSecretValue', contentType: 'application/x-amz-json-1.1', body: { SecretId: 'gatehook/hook' } });
  });

  it('answers 503 when Secrets Manager cannot be reached, and its log line names the cause, never a secret', async () => {
    const { statuses, output } = await run({ AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9' }, ['Basic YnVuZGxlOnNlY3JldA==']);
    expect(statuses, output).toEqual([503]);
    expect(output).toMatch(/verification dependency unavailable/);
    expect(output).toMatch(/ECONNREFUSED/);
    expect(output).not.toContain('YnVuZGxlOnNlY3JldA');
    expect(output).not.toContain('not-a-real-key');
  });
});

const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** The hash the SDK signer takes, on node:crypto (what the SDK itself uses in Node). */
class Sha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

describe('the signed request', () => {
  it('carries the Signature Version 4 that the AWS SDK signer computes for the same request', async () => {
    let seen: { headers: Record<string, string>; body: string } | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        seen = { headers: req.headers as Record<string, string>, body };
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ SecretString: 'value' }));
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const at = new Date('2026-12-04T01:02:03Z');
    const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', AWS_SESSION_TOKEN: 'session-token', AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint };
    try {
      expect(await signedRequestReader(env, () => at)('gatehook/hook', 'AWSPENDING')).toBe('value');
    } finally {
      server.close();
    }
    const url = new URL(endpoint);
    const signer = new SignatureV4({ service: 'secretsmanager', region: 'eu-west-1', sha256: Sha256, applyChecksum: false, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN } });
    const { authorization: _sent, ...sentHeaders } = seen!.headers;
    const headers = Object.fromEntries(['content-type', 'host', 'x-amz-target'].map((name) => [name, sentHeaders[name]!]));
    const signed = await signer.sign(
      { method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', headers, body: seen!.body },
      { signingDate: at },
    );
    expect(seen!.headers.authorization).toBe(signed.headers.authorization);
    expect(seen!.headers['x-amz-security-token']).toBe('session-token');
  });
});

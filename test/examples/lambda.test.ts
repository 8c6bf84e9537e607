import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePasswordImportRequest } from '../../src/handlers/password-import/index.js';
import { sampleTokenRequest } from '../../src/handlers/token/index.js';

const SECRET = 'Basic bGFtYmRhOmV4YW1wbGU=';
let server: Server;
const secretIds: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      secretIds.push((JSON.parse(raw) as { SecretId: string }).SecretId);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ Name: 'hook', SecretString: JSON.stringify({ current: SECRET }) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The Lambda entries build their handler at import, from the environment, exactly as in AWS.
  Object.assign(process.env, {
    GATEHOOK_HOOK_SECRET_ID: 'gatehook/examples/hook-secret',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-test-only',
    LOG_LEVEL: 'silent',
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function event(body: unknown, authorization: string): LambdaEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { authorization, 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'Okta' } },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as LambdaEvent;
}

describe('examples/src/lambda entries', () => {
  it('token: answers with the enrichment using the secret from Secrets Manager', async () => {
    const { handler } = await import('../../examples/src/lambda/token.js');
    const res = await handler(event(sampleTokenRequest(), SECRET));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('com.okta.access.patch');
    expect(secretIds).toContain('gatehook/examples/hook-secret');
    expect((await handler(event(sampleTokenRequest(), 'Basic bm9wZQ=='))).statusCode).toBe(401);
  });

  it('password-import: verifies a legacy password', async () => {
    const { handler } = await import('../../examples/src/lambda/password-import.js');
    const res = await handler(event(samplePasswordImportRequest(), SECRET));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ commands: [{ type: 'com.okta.action.update', value: { credential: 'VERIFIED' } }] });
  });

  it('every inline hook has an entry exporting handler', async () => {
    for (const name of ['registration', 'user-import', 'saml', 'telephony']) {
      const mod = (await import(`../../examples/src/lambda/${name}.ts`)) as { handler: unknown };
      expect(typeof mod.handler).toBe('function');
    }
  });
});

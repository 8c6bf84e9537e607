import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/middleware/logger/index.js';
import { createLambdaHandler } from '../../src/runtime/lambda.js';
import { fakeDefinition } from './fake-definition.js';
import { startSecretsManagerStub, type SecretsManagerStub } from '../support/secrets-manager-stub.js';

const SECRET_ID = 'gatehook/hook-secret';
let stub: SecretsManagerStub;
let client: SecretsManagerClient;
const setSecret = (value: string) => stub.secrets.set(SECRET_ID, value);

beforeAll(async () => {
  stub = await startSecretsManagerStub({ [SECRET_ID]: JSON.stringify({ current: 'Basic bmV3', previous: 'Basic b2xk' }) });
  client = stub.client();
});

afterAll(() => stub.close());

/** A function URL (payload v2) event as Lambda delivers it; hono's type wants `authorizer`, which function URLs with auth NONE omit. */
function v2Event(body: string, headers: Record<string, string>, path = '/'): LambdaEvent {
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc123.lambda-url.us-east-1.on.aws', ...headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc123',
      domainName: 'abc123.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abc123',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'Okta Hooks' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '28/Nov/2026:00:00:00 +0000',
      timeEpoch: Date.now(),
    },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
  return event as unknown as LambdaEvent;
}

const env = { GATEHOOK_HOOK_SECRET_ID: SECRET_ID, AWS_LAMBDA_FUNCTION_NAME: 'token-hook' };

describe('createLambdaHandler', () => {
  let handler: ReturnType<typeof createLambdaHandler>;
  beforeAll(() => {
    handler = createLambdaHandler(fakeDefinition(), { env, secretsClient: client, logger: createJsonLogger({ level: 'silent' }) });
  });

  it('serves a function URL event at / with the secret from Secrets Manager', async () => {
    const res = await handler(v2Event(JSON.stringify({ eventId: 'e1', data: {} }), { authorization: 'Basic bmV3' }));
    expect(res.statusCode).toBe(200);
    const body = res.isBase64Encoded ? Buffer.from(res.body, 'base64').toString() : res.body;
    expect(JSON.parse(body)).toMatchObject({ commands: [{ type: 'com.okta.access.patch' }] });
  });

  it('accepts the previous secret during rotation and answers 204 at /hooks/<type>', async () => {
    const res = await handler(v2Event(JSON.stringify({ eventId: 'e2', data: { empty: true } }), { authorization: 'Basic b2xk' }, '/hooks/token'));
    expect(res.statusCode).toBe(204);
  });

  it('rejects a wrong secret with 401', async () => {
    const res = await handler(v2Event(JSON.stringify({ eventId: 'e3', data: {} }), { authorization: 'Basic d3Jvbmc=' }));
    expect(res.statusCode).toBe(401);
  });

  it('picks up a rotated secret on a miss without a new deployment', async () => {
    const rotating = createLambdaHandler(fakeDefinition(), { env, secretsClient: client, logger: createJsonLogger({ level: 'silent' }) });
    setSecret('Basic djE=');
    expect((await rotating(v2Event('{"eventId":"a","data":{}}', { authorization: 'Basic djE=' }))).statusCode).toBe(200);
    setSecret('Basic djI=');
    // The miss refresh is rate-limited to one per 10 s after the last fetch, so the first miss still fails closed.
    expect((await rotating(v2Event('{"eventId":"b","data":{}}', { authorization: 'Basic djI=' }))).statusCode).toBe(401);
  });

  it('fails the cold start when GATEHOOK_HOOK_SECRET_ID is missing', () => {
    expect(() => createLambdaHandler(fakeDefinition(), { env: {} })).toThrow(/GATEHOOK_HOOK_SECRET_ID is not set/);
  });
});

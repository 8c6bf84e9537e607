import { describe, expect, it } from 'vitest';
import { registrationHook } from '../../src/handlers/registration/index.js';
import { sampleRegistrationRequest, sampleTokenRequest, tokenHook } from '../../src/handlers/index.js';
import { silentLogger } from '../../src/middleware/logger/index.js';
import { emfSink, OutcomeCounter, type CallRecord } from '../../src/middleware/metrics/index.js';
import { createHookApp } from '../../src/runtime/app.js';
import { createLambdaHandler } from '../../src/runtime/lambda.js';
import { fromValues } from '../../src/secrets/env.js';

const SECRET = 'metrics-test-secret';
let mode: 'enrich' | 'nothing' | 'throw' | 'violate' = 'enrich';
const token = tokenHook((_event, api) => {
  if (mode === 'throw') throw new Error('directory down');
  if (mode === 'violate') api.accessToken.addClaims({ iss: 'forged' });
  if (mode === 'enrich') api.accessToken.addClaims({ tier: 'gold' });
});
const registration = registrationHook((event, api) => {
  if (String(event.userProfile?.email).endsWith('@gmail.com')) api.registration.deny('Company addresses only.');
});

function appWith(counter: OutcomeCounter) {
  return createHookApp({ hooks: { token, registration }, auth: { header: { secrets: fromValues(SECRET) } }, logger: silentLogger, metrics: counter.sink });
}

const post = (app: ReturnType<typeof appWith>, path: string, body: unknown, auth = SECRET) =>
  app.request(path, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('call metrics', () => {
  it('counts every outcome an operator needs to tell apart', async () => {
    const counter = new OutcomeCounter();
    const app = appWith(counter);
    for (const next of ['enrich', 'enrich', 'nothing', 'throw', 'violate'] as const) {
      mode = next;
      await post(app, '/hooks/token', sampleTokenRequest());
    }
    await post(app, '/hooks/token', sampleTokenRequest(), 'wrong');
    await post(app, '/hooks/token', '{"not json');
    await post(app, '/hooks/registration', sampleRegistrationRequest({ data: { userProfile: { email: 'eve@gmail.com', firstName: 'Eve', lastName: 'X', login: 'eve@gmail.com' } } }));
    await post(app, '/hooks/registration', sampleRegistrationRequest());
    await app.request('/healthz');
    expect(counter.snapshot().map(({ hookType, outcome, count, reasons }) => ({ hookType, outcome, count, reasons }))).toEqual([
      { hookType: 'registration', outcome: 'no-op', count: 1, reasons: {} },
      { hookType: 'registration', outcome: 'denied', count: 1, reasons: {} },
      { hookType: 'token', outcome: 'applied', count: 2, reasons: {} },
      { hookType: 'token', outcome: 'no-op', count: 1, reasons: {} },
      { hookType: 'token', outcome: 'fallback', count: 1, reasons: { 'handler-error': 1 } },
      { hookType: 'token', outcome: 'contract-violation', count: 1, reasons: { 'contract-violation': 1 } },
      { hookType: 'token', outcome: 'refused-auth', count: 1, reasons: expect.any(Object) },
      { hookType: 'token', outcome: 'invalid-request', count: 1, reasons: expect.any(Object) },
    ]);
    expect(counter.summary()[1]).toMatch(/^token: 2 applied, 1 no-op, 1 fallback \(handler-error\), 1 contract-violation/);
  });

  it('writes CloudWatch Embedded Metric Format lines from the Lambda handler by default', async () => {
    const lines: string[] = [];
    const handler = createLambdaHandler(token, { auth: { header: { secrets: fromValues(SECRET) } }, env: {}, logger: silentLogger, metrics: emfSink({ write: (line) => lines.push(line), now: () => 1_700_000_000_000 }) });
    mode = 'enrich';
    await handler({
      version: '2.0', routeKey: '$default', rawPath: '/', rawQueryString: '', headers: { host: 'x.lambda-url.us-east-1.on.aws', authorization: SECRET, 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'Okta' }, requestId: 'r', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0, accountId: 'a', apiId: 'x', domainName: 'x', domainPrefix: 'x' },
      body: JSON.stringify(sampleTokenRequest()), isBase64Encoded: false,
    } as never);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      _aws: { Timestamp: 1_700_000_000_000, CloudWatchMetrics: [{ Namespace: 'Gatehook', Dimensions: [['HookType'], ['HookType', 'Outcome']], Metrics: [{ Name: 'Calls', Unit: 'Count' }, { Name: 'Duration', Unit: 'Milliseconds' }] }] },
      HookType: 'token', Outcome: 'applied', Calls: 1, Status: 200,
    });
    expect(typeof line.Duration).toBe('number');
  });

  it('a failing sink loses its record, never the answer', async () => {
    const app = createHookApp({ hooks: { token }, auth: { header: { secrets: fromValues(SECRET) } }, logger: silentLogger, metrics: (_record: CallRecord) => { throw new Error('sink down'); } });
    mode = 'enrich';
    const res = await post(app as never, '/hooks/token', sampleTokenRequest());
    expect(res.status).toBe(200);
  });
});

import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A Lambda function URL event (payload format 2.0) for an Okta hook call: POST /, JSON body, secret header. */
export function functionUrlEvent(body: unknown, secret: string): APIGatewayProxyEventV2 {
  const domainName = 'bench0gatehook0url.lambda-url.us-east-1.on.aws';
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: {
      accept: 'application/json; charset=UTF-8',
      authorization: secret,
      'content-type': 'application/json; charset=UTF-8',
      host: domainName,
      'user-agent': 'Okta Hooks',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'bench0gatehook0url',
      domainName,
      domainPrefix: 'bench0gatehook0url',
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'Okta Hooks' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

/**
 * Run inside a fresh process (`node --input-type=module -e`): imports the bundle named by
 * BENCH_BUNDLE, invokes its handler once with BENCH_EVENT and prints one JSON line. `sinceStartMs`
 * is performance.now() at the answer, i.e. time since this process's time origin.
 */
export const invokeOnceScript = `
const t0 = performance.now();
const { handler } = await import(process.env.BENCH_BUNDLE);
const context = { awsRequestId: crypto.randomUUID(), functionName: 'bench', getRemainingTimeInMillis: () => 3000 };
const res = await handler(JSON.parse(process.env.BENCH_EVENT), context);
const t1 = performance.now();
if (!res || res.statusCode >= 300) {
  process.stderr.write('unexpected answer: ' + JSON.stringify(res).slice(0, 600) + '\\n');
  process.exit(1);
}
process.stdout.write(JSON.stringify({ sinceStartMs: t1, importToAnswerMs: t1 - t0, status: res.statusCode }) + '\\n');
process.exit(0);
`;

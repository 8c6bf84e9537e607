/**
 * A deployed stack without AWS: the org emulator, a real hook server whose secrets come from Secrets
 * Manager (the stub, through the real SDK client), and CloudFormation's side of a custom resource: a
 * pre-signed response URL served on 127.0.0.1 that records what the Provider framework PUTs to it.
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { silentLogger, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createEventReceiver, type QueuedBatch } from '../../src/handlers/events/index.js';
import { tokenHook } from '../../src/handlers/token/index.js';
import { registrationHook } from '../../src/handlers/registration/index.js';
import type { GatehookEnv } from '../../src/middleware/types.js';
import { createHookApp } from '../../src/runtime/app.js';
import { serveNode, type RunningServer } from '../../src/runtime/node.js';
import { createOktaClient, type OktaClient } from '../../src/sdk/client.js';
import { fromSecretsManager } from '../../src/secrets/secrets-manager.js';
import { startSecretsManagerStub, type SecretsManagerStub } from '../support/secrets-manager-stub.js';

export const API_TOKEN = 'deploy-test-api-token-0123456789';
export const ORG_SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gatehook/okta-AbCdEf';
export const TOKEN_SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gatehook/token-AbCdEf';
export const REGISTRATION_SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gatehook/registration-AbCdEf';
export const EVENTS_SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gatehook/events-AbCdEf';

export interface DeployedStack {
  org: RunningEmulator;
  okta: OktaClient;
  secrets: SecretsManagerStub;
  hooks: RunningServer;
  /** Requests that reached the hook server, by path, with the Authorization value they carried. */
  calls: { path: string; authorization: string | undefined; status: number; userAgent: string | undefined }[];
  close(): Promise<void>;
}

export async function deployStack(options: { minRefreshMs?: number } = {}): Promise<DeployedStack> {
  const org = await startEmulator({ port: 0, apiTokens: [API_TOKEN], seed: false, scryptCost: 1024, logger: silentLogger, eventBatchWindowMs: 20 });
  const secrets = await startSecretsManagerStub({
    [ORG_SECRET_ID]: JSON.stringify({ orgUrl: org.url, apiToken: API_TOKEN }),
    [TOKEN_SECRET_ID]: JSON.stringify({ current: 'token-secret-value-one' }),
    [REGISTRATION_SECRET_ID]: JSON.stringify({ current: 'registration-secret-value-one' }),
    [EVENTS_SECRET_ID]: JSON.stringify({ current: 'events-secret-value-one' }),
  });
  const source = (id: string) => fromSecretsManager(id, { client: secrets.client(), minRefreshMs: options.minRefreshMs ?? 200 });
  const calls: DeployedStack['calls'] = [];
  const root = new Hono<GatehookEnv>();
  root.use(async (c, next) => {
    await next();
    calls.push({ path: new URL(c.req.url).pathname, authorization: c.req.header('authorization'), status: c.res.status, userAgent: c.req.header('user-agent') });
  });
  root.route(
    '/',
    createHookApp({
      hooks: { token: tokenHook((event, api) => api.accessToken.addClaims({ deployed: true })) },
      auth: { header: { secrets: source(TOKEN_SECRET_ID) } },
      logger: silentLogger,
    }),
  );
  root.route(
    '/',
    createHookApp({
      hooks: { registration: registrationHook(() => undefined) },
      auth: { header: { secrets: source(REGISTRATION_SECRET_ID) } },
      logger: silentLogger,
    }),
  );
  const delivered: QueuedBatch[] = [];
  root.route('/', createEventReceiver({ queue: { enqueue: async (batch) => void delivered.push(batch) }, auth: { header: { secrets: source(EVENTS_SECRET_ID) } } }));
  const hooks = await serveNode(root, { port: 0 });
  const okta = createOktaClient({ orgUrl: org.url, auth: { type: 'ssws', token: API_TOKEN } });
  return {
    org,
    okta,
    secrets,
    hooks,
    calls,
    async close() {
      await hooks.close();
      await secrets.close();
      await org.close();
    },
  };
}

export interface CloudFormationResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason: string;
  PhysicalResourceId: string;
  RequestId: string;
  LogicalResourceId: string;
  StackId: string;
  Data?: Record<string, string>;
}

/** The pre-signed S3 URL CloudFormation gives a custom resource, served here: it keeps every body PUT to it. */
export async function startResponseUrl(): Promise<{ url: string; responses: CloudFormationResponse[]; close(): Promise<void> }> {
  const responses: CloudFormationResponse[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method === 'PUT') responses.push(JSON.parse(raw) as CloudFormationResponse);
      res.writeHead(req.method === 'PUT' ? 200 : 405).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cfn-response?X-Amz-Signature=local`,
    responses,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface FrameworkOutbound {
  invokeFunction: (req: { FunctionName: string; Payload: string }) => Promise<{ Payload: Uint8Array; FunctionError?: string }>;
  httpRequest: (options: { hostname: string; path: string; method: string; headers: Record<string, string | number> }, body: string) => Promise<void>;
}

/**
 * aws-cdk-lib's own Provider framework runtime (`framework.js`, the code its onEvent Lambda runs), with its
 * two AWS transports pointed here: Lambda Invoke calls `userHandler` in-process, and the response PUT goes
 * over plain HTTP to the local response URL. Everything between is the framework's real code.
 */
export function providerFramework(userHandler: (event: unknown) => Promise<unknown>, responsePort: () => number): (event: Record<string, unknown>) => Promise<void> {
  const require = createRequire(import.meta.url);
  const base = require.resolve('aws-cdk-lib/package.json').replace(/package\.json$/, 'custom-resources/lib/provider-framework/runtime/');
  const outbound = require(`${base}outbound.js`) as FrameworkOutbound;
  const framework = require(`${base}framework.js`) as { onEvent: (event: unknown) => Promise<void> };
  outbound.invokeFunction = async (req) => {
    try {
      const result = await userHandler(JSON.parse(req.Payload));
      return { Payload: new TextEncoder().encode(JSON.stringify(result ?? null)) };
    } catch (error) {
      const err = error as Error;
      return { FunctionError: 'Unhandled', Payload: new TextEncoder().encode(JSON.stringify({ errorType: err.name, errorMessage: err.message, trace: [] })) };
    }
  };
  outbound.httpRequest = async (options, body) => {
    const res = await fetch(`http://127.0.0.1:${responsePort()}${options.path}`, { method: options.method, headers: options.headers as Record<string, string>, body });
    await res.arrayBuffer();
    if (res.status >= 400) throw new Error(`Unsuccessful HTTP response: ${res.status}`);
  };
  process.env.USER_ON_EVENT_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:gatehook-registration';
  return (event) => framework.onEvent(event);
}

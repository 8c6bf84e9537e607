/**
 * One machine, two real HTTP servers on 127.0.0.1:0: the org emulator (in memory, seeded) and a
 * hook server. The hook server serves the example app (or a test's own hooks) and counts the calls
 * per path; the example's event hook runs on a SQLite queue in a temp dir, and the test drives its
 * worker. Hooks are registered in the org through the SDK, exactly as `npm run dev` does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { events as exampleEvents, hooks as exampleHooks } from '../../examples/src/app.js';
import { startLocalEvents, type LocalEvents } from '../../src/cli/dev/local-events.js';
import { createHookApp } from '../../src/runtime/app.js';
import { registerHooks, type Target } from '../../src/cli/commands/register.js';
import { devClient, DEV_CLIENT_ID } from '../../src/cli/commands/org.js';
import { silentLogger, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createJsonLogger } from '../../src/middleware/logger/json-logger.js';
import type { GatehookEnv } from '../../src/middleware/types.js';
import { serveNode, type RunningServer } from '../../src/runtime/node.js';
import { createOktaClient, type OktaClient } from '../../src/sdk/client.js';
import { fromValues } from '../../src/secrets/env.js';

export const API_TOKEN = 'e2e-api-token-0123456789';
export const HOOK_SECRET = 'Basic ZTJlOmhvb2stc2VjcmV0';
export const CLIENT_SECRET = 'e2e-client-secret';
export const CLIENT_ID = DEV_CLIENT_ID;
export const ALICE = 'alice.nguyen@example.com';

export interface Loop {
  org: RunningEmulator;
  hooks: RunningServer;
  okta: OktaClient;
  events?: LocalEvents;
  /** Requests the hook server received, per path (e.g. `/hooks/token`). */
  calls: Map<string, number>;
  /** Lines the example app logged. */
  logs: Record<string, unknown>[];
  api(method: string, path: string, body?: unknown, auth?: string | null): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  /** Password grant (or any form) at /oauth2/default/v1/token with the dev client. */
  token(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Delivers pending event hook batches and lets the worker process them. */
  settleEvents(): Promise<void>;
  systemLog(eventType: string): Promise<any[]>; // eslint-disable-line @typescript-eslint/no-explicit-any -- LogEvent JSON
  close(): Promise<void>;
}

export interface LoopOptions {
  /** Serve these instead of the example app (a Hono app with POST /hooks/<type> routes). */
  custom?: Hono;
  targets: Target[];
  /** Shorter hook deadline for the org's calls; Okta's 3000 by default. */
  timeoutMs?: number;
}

export async function startLoop(options: LoopOptions): Promise<Loop> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehook-e2e-'));
  const org = await startEmulator({
    port: 0,
    apiTokens: [API_TOKEN],
    scryptCost: 1024,
    logger: silentLogger,
    oauthClients: [devClient(CLIENT_SECRET)],
    eventBatchWindowMs: 20,
    ...(options.timeoutMs ? { hookCalls: { timeoutMs: options.timeoutMs } } : {}),
  });
  const okta = createOktaClient({ orgUrl: org.url, auth: { type: 'ssws', token: API_TOKEN } });
  const logs: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ level: 'info', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const secrets = fromValues(HOOK_SECRET);
  let events: LocalEvents | undefined;
  let app: Hono<GatehookEnv> | Hono;
  if (options.custom) app = options.custom;
  else {
    app = createHookApp({ hooks: exampleHooks, auth: { header: { secrets } }, okta, logger });
    if (options.targets.includes('events')) {
      events = await startLocalEvents({ dbPath: join(dir, 'events.db'), auth: { header: { secrets } }, okta, logger });
      await events.serve(exampleEvents);
    }
  }
  const calls = new Map<string, number>();
  const root = new Hono<GatehookEnv>();
  root.use(async (c, next) => {
    const path = new URL(c.req.url).pathname;
    calls.set(path, (calls.get(path) ?? 0) + 1);
    await next();
  });
  const target = app;
  root.all('/hooks/events', (c) => (events ? events.receiver.fetch(c.req.raw) : c.text('no events', 404)));
  root.all('*', (c) => target.fetch(c.req.raw));
  const hooks = await serveNode(root, { port: 0 });
  const failures = await registerHooks(
    okta,
    { baseUrl: hooks.url, authScheme: { type: 'HEADER', key: 'Authorization', value: HOOK_SECRET }, targets: options.targets, eventTypes: ['user.lifecycle.deactivate'] },
    { out: () => {}, err: () => {}, env: {} },
  );
  if (failures > 0) throw new Error(`registering hooks failed (${failures})`);

  const api: Loop['api'] = async (method, path, body, auth = `SSWS ${API_TOKEN}`) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth) headers.authorization = auth;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(org.url + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    org,
    hooks,
    okta,
    ...(events ? { events } : {}),
    calls,
    logs,
    api,
    async token(form) {
      const response = await fetch(`${org.url}/oauth2/default/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}` },
        body: new URLSearchParams(form),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async settleEvents() {
      await org.emulator.eventHooks.flush();
      await events?.drain();
    },
    async systemLog(eventType) {
      const result = await api('GET', `/api/v1/logs?filter=${encodeURIComponent(`eventType eq "${eventType}"`)}&limit=1000`);
      return result.body;
    },
    async close() {
      await org.close();
      await events?.close();
      await hooks.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Counts as a sleep for hook servers that must be slow. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

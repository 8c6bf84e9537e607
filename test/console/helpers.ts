import { serve } from '@hono/node-server';
import { createConsole } from '../../src/console/index.js';
import type { ConsoleOptions } from '../../src/console/index.js';
import { createEmulator, silentLogger, type Emulator } from '../../src/emulator/index.js';
import { createJsonLogger } from '../../src/middleware/logger/index.js';
import { createHookApp } from '../../src/runtime/app.js';
import { serveNode, type RunningServer } from '../../src/runtime/node.js';
import { fromValues } from '../../src/secrets/env.js';
import { hooks } from '../../examples/src/app.js';

export const TOKEN = 'console-dev-token-5f1c2e9a';
export const HOOK_SECRET = 'hook-shared-secret-7d3b0c41';

/** An in-memory demo org with the console mounted the way the lead mounts it. */
export async function consoleOrg(extra: Partial<ConsoleOptions> = {}): Promise<Emulator> {
  const emulator = await createEmulator({ apiTokens: [TOKEN], scryptCost: 1024, logger: silentLogger });
  emulator.app.route('/_console', createConsole({ emulator, token: TOKEN, hookAuth: { header: 'Authorization', value: HOOK_SECRET }, ...extra }));
  return emulator;
}

/** The example hooks from examples/src/app.ts behind the shared secret, on 127.0.0.1 port 0. */
export function startHookServer(): Promise<RunningServer> {
  const app = createHookApp({ hooks, auth: { header: { secrets: fromValues(HOOK_SECRET) } }, logger: createJsonLogger({ level: 'silent' }) });
  return serveNode(app, { port: 0 });
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves any Hono app on 127.0.0.1 port 0; `close` also drops open streams (the console's SSE). */
export function serveApp(app: { fetch: (request: Request) => Response | Promise<Response> }): Promise<Served> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}

/** Signs in through the sign-in form's POST and returns the session cookie and the page's CSRF token. */
export async function signIn(app: Emulator['app'], origin = 'http://127.0.0.1'): Promise<{ cookie: string; csrf: string }> {
  const first = await app.request(`${origin}/_console/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }) });
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const page = await (await app.request(`${origin}/_console`, { headers: { cookie } })).text();
  const csrf = /name="gatehook-csrf" content="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf };
}

import { silentLogger, startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../../src/emulator/server.js';

export const TOKEN = 'test-api-token-0123456789';

export interface ApiResult {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON
}

export interface TestOrg {
  url: string;
  running: RunningEmulator;
  call(method: string, path: string, options?: { body?: unknown; auth?: string | null; headers?: Record<string, string> }): Promise<ApiResult>;
  close(): Promise<void>;
}

/** A controllable clock: starts at `start` and only moves when told to. */
export function manualClock(start = Date.parse('2030-01-15T10:00:00.000Z')) {
  let now = start;
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export async function startTestOrg(options: Partial<StartEmulatorOptions> = {}): Promise<TestOrg> {
  const running = await startEmulator({ port: 0, apiTokens: [TOKEN], seed: false, scryptCost: 1024, logger: silentLogger, ...options });
  return {
    url: running.url,
    running,
    async call(method, path, { body, auth = `SSWS ${TOKEN}`, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { accept: 'application/json', ...headers } };
      const h = init.headers as Record<string, string>;
      if (auth !== null) h.authorization = auth;
      if (body !== undefined) {
        h['content-type'] = 'application/json';
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
      }
      const response = await fetch(running.url + path, init);
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
    },
    close: () => running.close(),
  };
}

let counter = 0;

/** A valid new-user body with a unique login. */
export function newUser(overrides: Record<string, unknown> = {}, withPassword = true) {
  counter++;
  const login = `user${counter}.${Date.now()}@example.com`;
  return {
    profile: { firstName: `First${counter}`, lastName: `Last${counter}`, email: login, login, ...overrides },
    ...(withPassword ? { credentials: { password: { value: 'Correct-Horse-9' } } } : {}),
  };
}

export const PASSWORD = 'Correct-Horse-9';

/** URLs in a `Link` header by relation. */
export function links(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of (headers.get('link') ?? '').split(/,\s*(?=<)/)) {
    const match = /^<([^>]+)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (match?.[1] && match[2]) result[match[2]] = match[1];
  }
  return result;
}

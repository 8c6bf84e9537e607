/**
 * Shared pieces of the hardening tests: the six real inline hook definitions wired to a probe that
 * counts handler runs, their sample requests, an Okta-error-shape check, a raw HTTP client for
 * wire-level cases, and a per-request time limit so a hang fails the test instead of stalling it.
 */
import { connect } from 'node:net';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { expect } from 'vitest';
import type { HookContext, InlineHookType } from '../../src/handlers/core/types.js';
import { passwordImportHook } from '../../src/handlers/password-import/index.js';
import { sampleRequest as passwordImportSample } from '../../src/handlers/password-import/sample.js';
import { registrationHook } from '../../src/handlers/registration/index.js';
import { sampleRequest as registrationSample } from '../../src/handlers/registration/sample.js';
import { samlHook } from '../../src/handlers/saml/index.js';
import { sampleRequest as samlSample } from '../../src/handlers/saml/sample.js';
import { telephonyHook } from '../../src/handlers/telephony/index.js';
import { sampleRequest as telephonySample } from '../../src/handlers/telephony/sample.js';
import { tokenHook } from '../../src/handlers/token/index.js';
import { sampleRequest as tokenSample } from '../../src/handlers/token/sample.js';
import { userImportHook } from '../../src/handlers/user-import/index.js';
import { sampleRequest as userImportSample } from '../../src/handlers/user-import/sample.js';
import { silentLogger } from '../../src/middleware/logger/index.js';
import { createHookApp, type CreateHookAppOptions, type HookDefinitions } from '../../src/runtime/app.js';
import { fromValues } from '../../src/secrets/env.js';

/** A realistic Basic-auth style secret, as Okta's docs suggest. */
export const SECRET = `Basic ${Buffer.from('okta-hooks:Zr8q-2mVx-Lp4T-9wKe-Hc7N-Ud3Y').toString('base64')}`;

export const HOOK_TYPES = ['token', 'registration', 'password-import', 'user-import', 'saml', 'telephony'] as const satisfies readonly InlineHookType[];

export const SAMPLES: Record<InlineHookType, () => Record<string, unknown>> = {
  token: () => tokenSample() as Record<string, unknown>,
  registration: () => registrationSample() as Record<string, unknown>,
  'password-import': () => passwordImportSample() as Record<string, unknown>,
  'user-import': () => userImportSample() as Record<string, unknown>,
  saml: () => samlSample() as Record<string, unknown>,
  telephony: () => telephonySample() as Record<string, unknown>,
};

/** Counts handler runs per hook type; `behaviour` runs inside every handler (e.g. a slow call). */
export interface Probe {
  calls: Record<InlineHookType, number>;
  behaviour: ((type: InlineHookType, ctx: HookContext) => unknown) | undefined;
  total(): number;
  reset(): void;
}

export function createProbe(): Probe {
  const zero = () => Object.fromEntries(HOOK_TYPES.map((t) => [t, 0])) as Record<InlineHookType, number>;
  const probe: Probe = {
    calls: zero(),
    behaviour: undefined,
    total: () => Object.values(probe.calls).reduce((a, b) => a + b, 0),
    reset() {
      probe.calls = zero();
      probe.behaviour = undefined;
    },
  };
  return probe;
}

/** The six real definitions; each handler records its run, runs the probe's behaviour, then answers validly. */
export function probedHooks(probe: Probe): Required<HookDefinitions> {
  const run = async (type: InlineHookType, ctx: HookContext) => {
    probe.calls[type]++;
    await probe.behaviour?.(type, ctx);
  };
  return {
    token: tokenHook((_e, _api, ctx) => run('token', ctx)),
    registration: registrationHook((_e, _api, ctx) => run('registration', ctx)),
    'password-import': passwordImportHook(async (_e, api, ctx) => {
      await run('password-import', ctx);
      api.credential.verified();
    }),
    'user-import': userImportHook((_e, _api, ctx) => run('user-import', ctx)),
    saml: samlHook((_e, _api, ctx) => run('saml', ctx)),
    telephony: telephonyHook(async (_e, api, ctx) => {
      await run('telephony', ctx);
      api.telephony.sent({ provider: 'HARDENING-SMS', transactionId: 'tx-1' });
    }),
  };
}

/** The full app over all six probed hooks, shared-secret auth unless `auth` says otherwise. */
export function probedApp(probe: Probe, options: Partial<CreateHookAppOptions> = {}) {
  return createHookApp({
    hooks: probedHooks(probe),
    auth: { header: { secrets: fromValues(SECRET) } },
    logger: silentLogger,
    ...options,
  });
}

/** Asserts Okta's error body: `{ errorCode: 'E000000n', errorSummary, errorLink, errorId, errorCauses: [] }`. */
export function expectOktaError(body: unknown): void {
  expect(body).toMatchObject({
    errorCode: expect.stringMatching(/^E\d{7}$/),
    errorSummary: expect.stringMatching(/\S/),
    errorLink: expect.any(String),
    errorId: expect.any(String),
    errorCauses: expect.any(Array),
  });
}

/** Fails with `label` instead of hanging when `work` takes longer than `ms`. */
export async function within<T>(ms: number, label: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

export interface RawResponse {
  /** 0 when the server closed the connection without an answer. */
  status: number;
  headers: string;
  body: string;
  elapsedMs: number;
}

/**
 * Sends raw bytes to a server and collects what comes back until the server closes the connection
 * (requests should carry `Connection: close`). `endAfterWrite: false` keeps our side open, like a
 * client that stalls mid-body.
 */
export function rawRequest(port: number, bytes: Buffer | string, options: { endAfterWrite?: boolean; timeoutMs?: number } = {}): Promise<RawResponse> {
  const started = performance.now();
  return within(
    options.timeoutMs ?? 8000,
    'raw request',
    new Promise<RawResponse>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', (err: NodeJS.ErrnoException) => {
        // A server that resets the connection has still answered (with nothing).
        if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
        reject(err);
      });
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('latin1');
        const [head = '', ...rest] = text.split('\r\n\r\n');
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
        let body = rest.join('\r\n\r\n');
        if (/^transfer-encoding: *chunked/im.test(head)) body = dechunk(body);
        resolve({ status, headers: head, body: Buffer.from(body, 'latin1').toString('utf8'), elapsedMs: performance.now() - started });
      });
      socket.write(bytes);
      if (options.endAfterWrite !== false) socket.end();
    }),
  );
}

function dechunk(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = text.indexOf('\r\n', at);
    const size = parseInt(text.slice(at, eol), 16);
    if (eol < 0 || !(size > 0)) return out;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** An HTTP/1.1 POST as raw bytes, `Connection: close`, Content-Length from the body unless given. */
export function rawPost(path: string, body: Buffer | string, headers: Record<string, string | string[]> = {}): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const all: Record<string, string | string[]> = {
    host: '127.0.0.1',
    connection: 'close',
    'content-type': 'application/json',
    'content-length': String(payload.byteLength),
    ...headers,
  };
  const lines = [`POST ${path} HTTP/1.1`];
  for (const [name, value] of Object.entries(all)) for (const v of [value].flat()) lines.push(`${name}: ${v}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/** Forces a full collection: vitest runs without --expose-gc, so the flag is turned on at run time. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

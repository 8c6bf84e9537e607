/**
 * The fuzzing oracle shared by test/hardening/fuzz.test.ts and the soak run: sends one request to
 * the real app and checks the invariant. What the app must answer is decided independently of the
 * middleware, from the bytes alone: 401 without the secret, 415 for a non-JSON type, 400 for
 * malformed, too deep or schema-invalid JSON, else 2xx with exactly one handler run.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { InlineHookType } from '../../src/handlers/core/types.js';
import { createProbe, expectOktaError, HOOK_TYPES, probedApp, probedHooks, SECRET, within } from './helpers.js';

export const AUTH = ['ok', 'wrong', 'missing'] as const;
export type AuthChoice = (typeof AUTH)[number];
export const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'text/plain', 'application/x-www-form-urlencoded', undefined] as const;
const MAX_DEPTH = 64;
const isJsonType = (type: string | undefined) => type !== undefined && /^application\/json\b/i.test(type);

export const typeArb = fc.constantFrom(...HOOK_TYPES);
export const authArb = fc.constantFrom(...AUTH);
export const contentTypeArb = fc.constantFrom(...CONTENT_TYPES);
export const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    max = Math.max(max, depth);
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return max;
}

export function createFuzzTarget() {
  const probe = createProbe();
  const app = probedApp(probe);
  const definitions = probedHooks(createProbe());
  const counts = { valid: 0, invalid: 0 };

  function expectedStatus(type: InlineHookType, auth: AuthChoice, contentType: string | undefined, bytes: Uint8Array<ArrayBuffer>): number | '2xx' {
    if (auth !== 'ok') return 401;
    if (!isJsonType(contentType)) return 415;
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return 400;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value) || depthOf(value) > MAX_DEPTH) return 400;
    return definitions[type].parse(value).ok ? '2xx' : 400;
  }

  async function send(type: InlineHookType, auth: AuthChoice, contentType: string | undefined, bytes: Uint8Array<ArrayBuffer>) {
    const headers: Record<string, string> = {};
    if (auth === 'ok') headers.authorization = SECRET;
    if (auth === 'wrong') headers.authorization = `${SECRET.slice(0, -1)}x`;
    if (contentType !== undefined) headers['content-type'] = contentType;
    const before = probe.calls[type];
    const res = await within(5000, `POST /hooks/${type}`, Promise.resolve(app.request(`/hooks/${type}`, { method: 'POST', headers, body: bytes })));
    const text = await res.text();
    return { status: res.status, text, ran: probe.calls[type] - before };
  }

  /** Sends one case and asserts the invariant. */
  async function check(type: InlineHookType, auth: AuthChoice, contentType: string | undefined, bytes: Uint8Array<ArrayBuffer>) {
    const expected = expectedStatus(type, auth, contentType, bytes);
    const { status, text, ran } = await send(type, auth, contentType, bytes);
    expect(status).toBeLessThan(500);
    if (expected === '2xx') {
      counts.valid++;
      expect([200, 204]).toContain(status);
      expect(ran).toBe(1);
      if (status === 200) expect(JSON.parse(text)).toBeTypeOf('object');
      return;
    }
    counts.invalid++;
    expect(status).toBe(expected);
    expect(ran).toBe(0);
    expectOktaError(JSON.parse(text));
  }

  return { send, check, counts };
}

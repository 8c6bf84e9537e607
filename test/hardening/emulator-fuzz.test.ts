/**
 * Fuzzing the org emulator's users API (create, update, list) with random and mutated bodies and
 * query strings. Invariant: never a 5xx; every 4xx carries Okta's error shape.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/server.js';
import { expectOktaError, within } from './helpers.js';
import { mutate, mutationArb } from './mutate.js';

const TOKEN = 'hardening-emulator-token';
let org: Emulator;
let existingId: string;
const counts = { create: 0, update: 0, list: 0, ok: 0, rejected: 0 };

beforeAll(async () => {
  org = await createEmulator({ apiTokens: [TOKEN], seed: false, scryptCost: 1024, rateLimit: { perMinute: 1_000_000 } });
  const res = await call('POST', '/api/v1/users?activate=true', JSON.stringify(validUser()));
  expect(res.status).toBe(200);
  existingId = (JSON.parse(res.text) as { id: string }).id;
});

afterAll(() => org?.close());

let serial = 0;
function validUser(): Record<string, unknown> {
  serial++;
  const login = `fuzz${serial}@example.com`;
  return { profile: { firstName: 'Fuzz', lastName: `User${serial}`, email: login, login }, credentials: { password: { value: 'Correct-Horse-9-battery' } } };
}

async function call(method: string, path: string, body?: string, contentType = 'application/json') {
  const headers: Record<string, string> = { authorization: `SSWS ${TOKEN}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = contentType;
  const res = await within(5000, `${method} ${path}`, Promise.resolve(org.app.request(path, { method, headers, body })));
  return { status: res.status, text: await res.text() };
}

function expectNoServerError(res: { status: number; text: string }, what: string): void {
  expect(res.status, `${what} -> ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) expectOktaError(JSON.parse(res.text));
  counts[res.status >= 400 ? 'rejected' : 'ok']++;
}

const filterAtom = fc.oneof(
  fc.constantFrom('status eq "ACTIVE"', 'profile.login sw "fuzz"', 'lastUpdated gt "2020-01-01T00:00:00.000Z"', 'id eq "00u1"', 'type.id eq "oty1"'),
  fc.tuple(fc.constantFrom('status', 'profile.login', 'profile.x', 'created', '', 'a.b.c.d'), fc.constantFrom('eq', 'sw', 'gt', 'lt', 'pr', 'co', 'ne', 'xx'), fc.string({ maxLength: 12 }))
    .map(([attr, op, value]) => `${attr} ${op} ${JSON.stringify(value)}`),
  fc.string({ maxLength: 30 }),
);
const filterArb = fc
  .array(fc.tuple(filterAtom, fc.constantFrom(' and ', ' or ', ' AND ', ') or (', ' ')), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map(([atom, glue]) => atom + glue).join('').trim());
const queryArb = fc.dictionary(
  fc.constantFrom('q', 'filter', 'search', 'limit', 'after', 'sortBy', 'sortOrder', 'expand', 'x'),
  fc.oneof(filterArb, fc.string({ maxLength: 20 }), fc.integer({ min: -5, max: 1e9 }).map(String)),
  { maxKeys: 4 },
);

describe('emulator users API fuzzing', () => {
  it('create: mutated and random bodies, random query flags', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 3, arbitrary: fc.array(mutationArb, { maxLength: 4 }).map((m) => JSON.stringify(mutate(validUser(), m))) },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
          { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
        ),
        fc.dictionary(fc.constantFrom('activate', 'provider', 'nextLogin'), fc.oneof(fc.constantFrom('true', 'false', 'changePassword', ''), fc.string({ maxLength: 8 })), { maxKeys: 3 }),
        async (body, query) => {
          counts.create++;
          const path = `/api/v1/users?${new URLSearchParams(query)}`;
          expectNoServerError(await call('POST', path, body), `POST ${path} ${body.slice(0, 200)}`);
        },
      ),
      { numRuns: 1000 },
    );
    expect(counts.ok).toBeGreaterThan(50); // both sides: some bodies were valid users
  });

  it('update: partial (POST) and full (PUT) with random bodies, on a real and a random id', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'PUT'),
        fc.oneof(fc.constant(null), fc.string({ minLength: 1, maxLength: 30 })),
        fc.oneof(
          fc.array(mutationArb, { maxLength: 4 }).map((m) => JSON.stringify(mutate({ profile: (validUser().profile as object) }, m))),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        ),
        async (method, id, body) => {
          counts.update++;
          const path = `/api/v1/users/${encodeURIComponent(id ?? existingId)}`;
          expectNoServerError(await call(method, path, body), `${method} ${path} ${body.slice(0, 200)}`);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('list: random filter, search, q, limit and after', async () => {
    await fc.assert(
      fc.asyncProperty(queryArb, async (query) => {
        counts.list++;
        const path = `/api/v1/users?${new URLSearchParams(query)}`;
        expectNoServerError(await call('GET', path), `GET ${path}`);
      }),
      { numRuns: 1000 },
    );
    console.info(`emulator fuzz cases: ${JSON.stringify(counts)}`);
  });
});

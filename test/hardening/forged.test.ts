/**
 * Forged requests against both verification schemes, through the full app (`createHookApp`), as one
 * table: each row asserts the exact status, Okta's error shape, and that no handler ran. The JWT rows
 * use keys generated here and a real JWKS served over HTTP on 127.0.0.1 (good, slow, down, garbage).
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatehookEnv } from '../../src/middleware/types.js';
import { verifyJwt } from '../../src/middleware/verify-jwt/index.js';
import { createProbe, expectOktaError, probedApp, SAMPLES, SECRET, sleep } from './helpers.js';

const ISSUER = 'https://hardening.okta.test/oauth2/default';
const AUDIENCE = 'api://hardening';
const SCOPE = 'okta.hooks.inline';
const DEADLINE_MS = 1500;
const JWKS_STALL_MS = 6000;

interface Key {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

async function newKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const nowSec = () => Math.floor(Date.now() / 1000);
const goodClaims = () => ({ iss: ISSUER, aud: AUDIENCE, scp: [SCOPE], iat: nowSec(), exp: nowSec() + 300, cid: '0oahook' });

function sign(key: Key, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  return new SignJWT({ ...goodClaims(), ...claims }).setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header }).sign(key.privateKey);
}

/** An HS256 token whose HMAC key is `secret`: what an algorithm-confusion attacker builds from a public key. */
function hs256(secret: string | Buffer, kid: string, claims: Record<string, unknown> = {}) {
  const input = `${b64url({ alg: 'HS256', typ: 'JWT', kid })}.${b64url({ ...goodClaims(), ...claims })}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

let key1: Key;
let key2: Key;
let served: JWK[] = [];
let jwks: Server;
let jwksBase: string;
let downUrl: string;
const probe = createProbe();
const apps = new Map<string, Hono<GatehookEnv>>();

/** The full app with JWT auth against one of the JWKS endpoints below. */
function jwtApp(path: string, jwksOptions: Record<string, unknown> = {}): Hono<GatehookEnv> {
  const id = `${path} ${JSON.stringify(jwksOptions)}`;
  let app = apps.get(id);
  if (!app) {
    const jwksUri = path.startsWith('http') ? path : `${jwksBase}${path}`;
    app = probedApp(probe, {
      auth: { middleware: verifyJwt({ issuer: ISSUER, audience: AUDIENCE, requiredScope: SCOPE, jwksUri, jwksOptions: { cooldownDuration: 200, ...jwksOptions } }) },
      deadlineMs: DEADLINE_MS,
    });
    apps.set(id, app);
  }
  return app;
}

const headerApp = probedApp(probe, { deadlineMs: DEADLINE_MS });

beforeAll(async () => {
  key1 = await newKey('kid-1');
  key2 = await newKey('kid-2');
  served = [key1.jwk];
  jwks = createServer((req, res) => {
    const json = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    switch (req.url) {
      case '/keys':
        return json(200, JSON.stringify({ keys: served }));
      case '/slow':
        return void setTimeout(() => json(200, JSON.stringify({ keys: served })), JWKS_STALL_MS).unref();
      case '/garbage':
        return json(200, '<html>not json</html>');
      case '/empty-body':
        return json(200, '');
      case '/empty-keys':
        return json(200, '{"keys":[]}');
      case '/no-keys':
        return json(200, '{"kid":"kid-1"}');
      case '/error':
        return json(500, '{"error":"boom"}');
      default:
        return json(404, '{}');
    }
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksBase = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
  // A port that was just free: connecting to it is refused.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  downUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/keys`;
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  jwks.closeAllConnections();
  await new Promise((resolve) => jwks.close(resolve));
});

interface ForgedCase {
  name: string;
  app: () => Hono<GatehookEnv>;
  /** Authorization header value(s); several are sent as repeated headers. */
  authorization: () => Promise<string | string[] | undefined> | string | string[] | undefined;
  status: number;
  /** The Okta error code in the body. */
  errorCode?: string;
}

const header = () => headerApp;
const jwt = () => jwtApp('/keys');
const H401 = { status: 401, errorCode: 'E0000004' };
const J401 = { status: 401, errorCode: 'E0000011' };
const J403 = { status: 403, errorCode: 'E0000006' };
const J503 = { status: 503, errorCode: 'E0000010' };

const FORGED: ForgedCase[] = [
  // Shared secret (Okta's HTTP-header scheme).
  { name: 'header: missing', app: header, authorization: () => undefined, ...H401 },
  { name: 'header: empty', app: header, authorization: () => '', ...H401 },
  { name: 'header: wrong value', app: header, authorization: () => 'Basic d3Jvbmc6d3Jvbmc=', ...H401 },
  { name: 'header: all but the last character', app: header, authorization: () => SECRET.slice(0, -1), ...H401 },
  { name: 'header: last character changed', app: header, authorization: () => `${SECRET.slice(0, -1)}${SECRET.endsWith('A') ? 'B' : 'A'}`, ...H401 },
  { name: 'header: a prefix (the scheme only)', app: header, authorization: () => 'Basic ', ...H401 },
  { name: 'header: a suffix (no scheme)', app: header, authorization: () => SECRET.slice('Basic '.length), ...H401 },
  { name: 'header: secret plus one character', app: header, authorization: () => `${SECRET}=`, ...H401 },
  { name: 'header: upper-cased', app: header, authorization: () => SECRET.toUpperCase(), ...H401 },
  { name: 'header: lower-cased scheme', app: header, authorization: () => `basic${SECRET.slice(5)}`, ...H401 },
  { name: 'header: doubled inner space', app: header, authorization: () => SECRET.replace(' ', '  '), ...H401 },
  { name: 'header: tab instead of space', app: header, authorization: () => SECRET.replace(' ', '\t'), ...H401 },
  { name: 'header: sent twice (same value)', app: header, authorization: () => [SECRET, SECRET], ...H401 },
  { name: 'header: sent twice (right, then wrong)', app: header, authorization: () => [SECRET, 'Basic x'], ...H401 },
  { name: 'header: sent twice (wrong, then right)', app: header, authorization: () => [' ', SECRET], ...H401 },
  { name: 'header: a bearer token instead', app: header, authorization: async () => `Bearer ${await sign(key1)}`, ...H401 },
  // OAuth 2.0 bearer JWT.
  { name: 'jwt: missing', app: jwt, authorization: () => undefined, ...J401 },
  { name: 'jwt: the shared secret instead', app: jwt, authorization: () => SECRET, ...J401 },
  { name: 'jwt: not a JWT', app: jwt, authorization: () => 'Bearer not.a.jwt', ...J401 },
  {
    name: 'jwt: alg none',
    app: jwt,
    authorization: () => `Bearer ${b64url({ alg: 'none', typ: 'JWT', kid: key1.kid })}.${b64url(goodClaims())}.`,
    ...J401,
  },
  { name: 'jwt: HS256 keyed with the RSA public key (PEM)', app: jwt, authorization: async () => `Bearer ${hs256(await exportSPKI(key1.publicKey), key1.kid)}`, ...J401 },
  { name: 'jwt: HS256 keyed with the RSA public key (JWK JSON)', app: jwt, authorization: () => `Bearer ${hs256(JSON.stringify(key1.jwk), key1.kid)}`, ...J401 },
  { name: 'jwt: HS256 keyed with the modulus bytes', app: jwt, authorization: () => `Bearer ${hs256(Buffer.from(key1.jwk.n!, 'base64url'), key1.kid)}`, ...J401 },
  { name: 'jwt: wrong iss', app: jwt, authorization: async () => `Bearer ${await sign(key1, { iss: 'https://evil.example/oauth2/default' })}`, ...J401 },
  { name: 'jwt: wrong aud', app: jwt, authorization: async () => `Bearer ${await sign(key1, { aud: 'api://other' })}`, ...J401 },
  { name: 'jwt: no scp', app: jwt, authorization: async () => `Bearer ${await sign(key1, { scp: undefined })}`, ...J403 },
  { name: 'jwt: another scope', app: jwt, authorization: async () => `Bearer ${await sign(key1, { scp: ['okta.users.read'] })}`, ...J403 },
  { name: 'jwt: scope as a prefix', app: jwt, authorization: async () => `Bearer ${await sign(key1, { scp: 'okta.hooks' })}`, ...J403 },
  { name: 'jwt: expired', app: jwt, authorization: async () => `Bearer ${await sign(key1, { iat: nowSec() - 600, exp: nowSec() - 60 })}`, ...J401 },
  { name: 'jwt: not yet valid (nbf)', app: jwt, authorization: async () => `Bearer ${await sign(key1, { nbf: nowSec() + 120 })}`, ...J401 },
  { name: 'jwt: no exp', app: jwt, authorization: async () => `Bearer ${await sign(key1, { exp: undefined })}`, ...J401 },
  { name: 'jwt: unknown kid', app: jwt, authorization: async () => `Bearer ${await sign(key2)}`, ...J401 },
  { name: 'jwt: a foreign key reusing a known kid', app: jwt, authorization: async () => `Bearer ${await sign({ ...(await newKey('kid-1')) })}`, ...J401 },
  { name: 'jwt: signature stripped', app: jwt, authorization: async () => `Bearer ${(await sign(key1)).replace(/[^.]+$/, '')}`, ...J401 },
  { name: 'jwt: payload swapped under a valid signature', app: jwt, authorization: async () => {
    const [h, , s] = (await sign(key1, { scp: [] })).split('.');
    return `Bearer ${h}.${b64url(goodClaims())}.${s}`;
  }, ...J401 },
  { name: 'jwt: JWKS connection refused', app: () => jwtApp(downUrl), authorization: async () => `Bearer ${await sign(key1)}`, ...J503 },
  { name: 'jwt: JWKS answers non-JSON', app: () => jwtApp('/garbage'), authorization: async () => `Bearer ${await sign(key1)}`, ...J503 },
  { name: 'jwt: JWKS answers an empty body', app: () => jwtApp('/empty-body'), authorization: async () => `Bearer ${await sign(key1)}`, ...J503 },
  { name: 'jwt: JWKS without a keys array', app: () => jwtApp('/no-keys'), authorization: async () => `Bearer ${await sign(key1)}`, ...J503 },
  { name: 'jwt: JWKS with no keys', app: () => jwtApp('/empty-keys'), authorization: async () => `Bearer ${await sign(key1)}`, ...J401 },
  { name: 'jwt: JWKS answers 500', app: () => jwtApp('/error'), authorization: async () => `Bearer ${await sign(key1)}`, ...J503 },
  { name: 'jwt: JWKS slower than the deadline', app: () => jwtApp('/slow'), authorization: async () => `Bearer ${await sign(key1)}`, ...J503 },
  {
    name: 'jwt: JWKS slower than the deadline, with a JWKS timeout longer than the deadline',
    app: () => jwtApp('/slow', { timeoutDuration: 10_000 }),
    authorization: async () => `Bearer ${await sign(key1)}`,
    ...J503,
  },
];

async function post(app: Hono<GatehookEnv>, authorization: string | string[] | undefined) {
  const headers = new Headers({ 'content-type': 'application/json' });
  for (const value of [authorization ?? []].flat()) headers.append('authorization', value);
  return app.request('/hooks/token', { method: 'POST', headers, body: JSON.stringify(SAMPLES.token()) });
}

describe('forged requests never reach a handler', () => {
  it.each([
    { name: 'header: the secret', app: header, authorization: () => SECRET },
    { name: 'header: surrounding whitespace (HTTP strips it: same value)', app: header, authorization: () => ` ${SECRET}\t` },
    { name: 'jwt: a valid token', app: jwt, authorization: async () => `Bearer ${await sign(key1)}` },
  ])('control: $name is accepted', async ({ app, authorization }) => {
    const before = probe.total();
    const res = await post(app(), await authorization());
    expect(res.status).toBe(204);
    expect(probe.total() - before).toBe(1);
  });

  it.each(FORGED)('$name -> $status', async ({ app, authorization, status, errorCode }) => {
    const before = probe.total();
    const started = performance.now();
    const res = await post(app(), await authorization());
    const elapsed = performance.now() - started;
    expect(res.status).toBe(status);
    const body = await res.json();
    expectOktaError(body);
    expect(body.errorCode).toBe(errorCode);
    expect(JSON.stringify(body)).not.toContain(SECRET);
    if (status === 401 && errorCode === 'E0000011') expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    // Fails closed in time: Okta waits 3 s, the hook's budget here is DEADLINE_MS.
    expect(elapsed).toBeLessThan(DEADLINE_MS + 300);
    expect(probe.total() - before).toBe(0);
  });

  it('accepts a rotated key once the JWKS publishes it (refetch on an unknown kid)', async () => {
    const app = jwtApp('/keys', { cooldownDuration: 100 });
    expect((await post(app, `Bearer ${await sign(key1)}`)).status).toBe(204);
    const rotated = await newKey('kid-rotated');
    expect((await post(app, `Bearer ${await sign(rotated)}`)).status).toBe(401);
    served = [key1.jwk, rotated.jwk];
    try {
      await sleep(150); // past the refetch cool-down
      const before = probe.total();
      expect((await post(app, `Bearer ${await sign(rotated)}`)).status).toBe(204);
      expect(probe.total() - before).toBe(1);
    } finally {
      served = [key1.jwk];
    }
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaErrorHandler } from '../../src/middleware/errors/index.js';
import type { GatehookEnv } from '../../src/middleware/types.js';
import { verifyJwt, type VerifyJwtOptions } from '../../src/middleware/verify-jwt/index.js';

const ISSUER = 'https://example.okta.test/oauth2/default';
const AUDIENCE = 'api://default';
const SCOPE = 'okta.hooks';
const CLIENT_ID = '0oa1hookclient';

interface KeyPair {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256'): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

let server: Server;
let jwksUri: string;
let served: JWK[] = [];
let jwksFetches = 0;
let jwksDown = false;
let key1: KeyPair;

beforeAll(async () => {
  key1 = await newKey('kid-1');
  served = [key1.jwk];
  server = createServer((req, res) => {
    jwksFetches++;
    if (jwksDown) {
      res.writeHead(500).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/default/v1/keys`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function sign(key: KeyPair, claims: Record<string, unknown> = {}, options: { alg?: string; exp?: string | number; nbf?: string | number } = {}) {
  const jwt = new SignJWT({ scp: [SCOPE], cid: CLIENT_ID, ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: key.kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '5m');
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(key.privateKey);
}

function appWith(extra: Partial<VerifyJwtOptions> = {}) {
  const app = new Hono<GatehookEnv>();
  app.onError(oktaErrorHandler());
  app.use(async (c, next) => {
    await next();
    c.header('x-reason', c.get('reason') ?? '');
  });
  const options = {
    issuer: ISSUER,
    audience: AUDIENCE,
    jwksUri,
    jwksOptions: { cooldownDuration: 0 },
    requiredScope: SCOPE,
    clientId: CLIENT_ID,
    ...extra,
  } as VerifyJwtOptions;
  app.post('/hook', verifyJwt(options), (c) => c.json({ ok: true }));
  return app;
}

const app = () => appWith();
const call = (a: Hono<GatehookEnv>, authorization?: string) =>
  a.request('/hook', { method: 'POST', headers: authorization === undefined ? {} : { Authorization: authorization }, body: '{}' });

async function expectInvalidToken(res: Response, reason: RegExp) {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
  expect(res.headers.get('x-reason')).toMatch(reason);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorCauses: [] });
}

function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

describe('verifyJwt', () => {
  it('accepts a valid token (scp as an array)', async () => {
    expect((await call(app(), `Bearer ${await sign(key1)}`)).status).toBe(200);
  });

  it('accepts scp as a space-separated string, and an ES256 key', async () => {
    const ec = await newKey('kid-ec', 'ES256');
    served = [key1.jwk, ec.jwk];
    const token = await sign(ec, { scp: `openid ${SCOPE}` }, { alg: 'ES256' });
    expect((await call(app(), `Bearer ${token}`)).status).toBe(200);
    served = [key1.jwk];
  });

  it('rejects a missing header without an error code', async () => {
    const res = await call(app());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="gatehook"');
  });

  it('rejects a non-Bearer scheme and garbage tokens', async () => {
    await expectInvalidToken(await call(app(), `Basic ${await sign(key1)}`), /bearer-malformed/);
    await expectInvalidToken(await call(app(), 'Bearer not-a-jwt'), /bearer-malformed/);
    await expectInvalidToken(await call(app(), 'Bearer aaa.bbb.ccc'), /jwt-/);
    await expectInvalidToken(await call(app(), `Bearer ${b64url({ alg: 'RS256' })}.${b64url('%%%')}.sig`), /jwt-/);
  });

  it('rejects an expired token', async () => {
    const token = await sign(key1, {}, { exp: Math.floor(Date.now() / 1000) - 60 });
    await expectInvalidToken(await call(app(), `Bearer ${token}`), /jwt-expired/);
  });

  it('tolerates a few seconds of clock skew, not more', async () => {
    const justExpired = await sign(key1, {}, { exp: Math.floor(Date.now() / 1000) - 2 });
    expect((await call(app(), `Bearer ${justExpired}`)).status).toBe(200);
  });

  it('rejects a token not valid before a future time', async () => {
    const token = await sign(key1, {}, { nbf: Math.floor(Date.now() / 1000) + 120 });
    await expectInvalidToken(await call(app(), `Bearer ${token}`), /jwt-claim-nbf/);
  });

  it('rejects the wrong audience and the wrong issuer', async () => {
    const wrongAud = await new SignJWT({ scp: [SCOPE], cid: CLIENT_ID })
      .setProtectedHeader({ alg: 'RS256', kid: key1.kid })
      .setIssuer(ISSUER)
      .setAudience('api://other')
      .setExpirationTime('5m')
      .sign(key1.privateKey);
    await expectInvalidToken(await call(app(), `Bearer ${wrongAud}`), /jwt-claim-aud/);
    const wrongIss = await new SignJWT({ scp: [SCOPE], cid: CLIENT_ID })
      .setProtectedHeader({ alg: 'RS256', kid: key1.kid })
      .setIssuer('https://evil.test/oauth2/default')
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(key1.privateKey);
    await expectInvalidToken(await call(app(), `Bearer ${wrongIss}`), /jwt-claim-iss/);
  });

  it('rejects a token without exp', async () => {
    const noExp = await new SignJWT({ scp: [SCOPE], cid: CLIENT_ID })
      .setProtectedHeader({ alg: 'RS256', kid: key1.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(key1.privateKey);
    await expectInvalidToken(await call(app(), `Bearer ${noExp}`), /jwt-claim-exp/);
  });

  it('answers 403 insufficient_scope when the scope is missing', async () => {
    const res = await call(app(), `Bearer ${await sign(key1, { scp: ['openid'] })}`);
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(res.headers.get('x-reason')).toBe('jwt-scope-missing');
    const noScp = await sign(key1, { scp: undefined });
    expect((await call(app(), `Bearer ${noScp}`)).status).toBe(403);
  });

  it('checks cid when a clientId is configured', async () => {
    await expectInvalidToken(await call(app(), `Bearer ${await sign(key1, { cid: 'someone-else' })}`), /jwt-client-mismatch/);
  });

  it('rejects alg none', async () => {
    const token = `${b64url({ alg: 'none', kid: key1.kid })}.${b64url({ iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300, scp: [SCOPE], cid: CLIENT_ID })}.`;
    await expectInvalidToken(await call(app(), `Bearer ${token}`), /jwt-/);
  });

  it('rejects HS256 signed with the public key bytes (algorithm confusion)', async () => {
    const { createHmac } = await import('node:crypto');
    const pem = JSON.stringify(key1.jwk);
    const signingInput = `${b64url({ alg: 'HS256', kid: key1.kid })}.${b64url({ iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300, scp: [SCOPE], cid: CLIENT_ID })}`;
    const signature = createHmac('sha256', pem).update(signingInput).digest('base64url');
    await expectInvalidToken(await call(app(), `Bearer ${signingInput}.${signature}`), /jwt-alg-not-allowed/);
  });

  it('rejects a signature by an unknown key that reuses a known kid', async () => {
    const impostor = await newKey('kid-1');
    await expectInvalidToken(await call(app(), `Bearer ${await sign(impostor)}`), /jwt-bad-signature/);
  });

  it('refetches the JWKS for an unknown kid, so key rotation works', async () => {
    const verifier = app();
    expect((await call(verifier, `Bearer ${await sign(key1)}`)).status).toBe(200);
    const key2 = await newKey('kid-2');
    const before = jwksFetches;
    await expectInvalidToken(await call(verifier, `Bearer ${await sign(key2)}`), /jwt-unknown-kid/);
    expect(jwksFetches).toBeGreaterThan(before);
    served = [key1.jwk, key2.jwk];
    expect((await call(verifier, `Bearer ${await sign(key2)}`)).status).toBe(200);
    served = [key1.jwk];
  });

  it('answers 503 when the JWKS cannot be fetched, never 2xx', async () => {
    jwksDown = true;
    try {
      const res = await call(app(), `Bearer ${await sign(key1)}`);
      expect(res.status).toBe(503);
      expect(res.headers.get('x-reason')).toBe('jwks-unavailable');
    } finally {
      jwksDown = false;
    }
  });

  it('accepts a local JWKS instead of a URL', async () => {
    const local = appWith({ jwksUri: undefined, jwksOptions: undefined, jwks: { keys: [key1.jwk] } } as never);
    expect((await call(local, `Bearer ${await sign(key1)}`)).status).toBe(200);
  });

  it('refuses unsafe configuration at construction', () => {
    const base = { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [] } };
    expect(() => verifyJwt({ ...base, algorithms: ['HS256'] })).toThrow(/not allowed/);
    expect(() => verifyJwt({ ...base, algorithms: ['none'] })).toThrow(/not allowed/);
    expect(() => verifyJwt({ ...base, algorithms: [] })).toThrow(/empty/);
    expect(() => verifyJwt({ ...base, issuer: '' })).toThrow(/issuer/);
    expect(() => verifyJwt({ ...base, audience: [] })).toThrow(/audience/);
    expect(() => verifyJwt({ issuer: ISSUER, audience: AUDIENCE } as never)).toThrow(/exactly one/);
  });
});

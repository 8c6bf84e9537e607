import { createHash } from 'node:crypto';
import { base64url, decodeProtectedHeader, EmbeddedJWK, exportJWK, exportPKCS8, generateKeyPair, jwtVerify, type CryptoKey } from 'jose';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { OktaClient } from '../../../src/sdk/client.js';
import { createOktaClient } from '../../../src/sdk/auth/private-key-client.js';
import { OktaAuthError, OktaConfigError } from '../../../src/sdk/errors.js';
import { usersApi } from '../../../src/sdk/users.js';
import { json, startServer, type Recorded, type Reply } from '../server.js';

const CLIENT_ID = '0oaServiceApp';

interface OrgOptions {
  publicKey: CryptoKey;
  expiresIn?: number;
  /** Demand DPoP at the token endpoint and on the API, rotating nonces. */
  dpop?: boolean;
}

/** A small org: a token endpoint that verifies private_key_jwt assertions and one users endpoint. */
async function startOrg(opts: OrgOptions) {
  const issued = new Set<string>();
  const revoked = new Set<string>();
  const state = { tokenRequests: 0, assertionIds: new Set<string>(), apiNonce: 'api-nonce-1', tokenNonce: 'token-nonce-1', failures: [] as string[] };
  // The handlers need the server's URL, which exists only once it listens.
  const base = { url: '' };

  async function token(req: Recorded): Promise<Reply> {
    state.tokenRequests++;
    const form = new URLSearchParams(req.body.toString('utf8'));
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const tokenUrl = `${base.url}/oauth2/v1/token`;
    const { payload } = await jwtVerify(form.get('client_assertion') ?? '', opts.publicKey, { audience: tokenUrl, issuer: CLIENT_ID, subject: CLIENT_ID });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
    expect(typeof payload.jti).toBe('string');
    expect(state.assertionIds.has(payload.jti!)).toBe(false);
    state.assertionIds.add(payload.jti!);
    let tokenType = 'Bearer';
    if (opts.dpop) {
      const proof = req.headers.dpop;
      if (typeof proof !== 'string' || !(await proofNonce(proof, 'POST', tokenUrl, state.tokenNonce))) {
        return { status: 400, headers: { 'dpop-nonce': state.tokenNonce }, body: { error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof.' } };
      }
      tokenType = 'DPoP';
    }
    const value = `at-${state.tokenRequests}-${crypto.randomUUID()}`;
    issued.add(value);
    return json({ token_type: tokenType, access_token: value, expires_in: opts.expiresIn ?? 3600, scope: form.get('scope') });
  }

  async function proofNonce(proof: string, htm: string, htu: string, nonce: string, accessToken?: string): Promise<boolean> {
    expect(decodeProtectedHeader(proof).typ).toBe('dpop+jwt');
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
    expect((protectedHeader.jwk as Record<string, unknown> | undefined)?.d).toBeUndefined();
    expect(payload.htm).toBe(htm);
    expect(payload.htu).toBe(htu);
    expect(typeof payload.jti).toBe('string');
    if (accessToken) expect(payload.ath).toBe(base64url.encode(createHash('sha256').update(accessToken).digest()));
    return payload.nonce === nonce;
  }

  async function api(req: Recorded): Promise<Reply> {
    const auth = req.headers.authorization ?? '';
    const [scheme, value = ''] = auth.split(' ');
    if (!issued.has(value) || revoked.has(value)) {
      return { status: 401, headers: { 'www-authenticate': `${scheme ?? 'Bearer'} error="invalid_token", error_description="The access token is invalid"` }, body: { errorCode: 'E0000011', errorSummary: 'Invalid token provided' } };
    }
    if (opts.dpop) {
      expect(scheme).toBe('DPoP');
      const ok = await proofNonce(String(req.headers.dpop), req.method, `${base.url}${req.url.pathname}`, state.apiNonce, value);
      if (!ok) return { status: 401, headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': state.apiNonce }, body: {} };
    } else expect(scheme).toBe('Bearer');
    return json({ id: req.url.pathname.split('/').at(-1), token: value });
  }

  const server = await startServer(async (req) => {
    try {
      return await (req.url.pathname === '/oauth2/v1/token' ? token(req) : api(req));
    } catch (err) {
      state.failures.push(String(err));
      return { status: 500, body: { errorSummary: 'test org assertion failed' } };
    }
  });
  base.url = server.url;
  return { server, state, revoke: (t: string) => revoked.add(t) };
}

let org: Awaited<ReturnType<typeof startOrg>> | undefined;
afterEach(async () => {
  expect(org?.state.failures ?? []).toEqual([]);
  await org?.server.close();
  org = undefined;
});

async function rsaSetup() {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { publicKey, pem: await exportPKCS8(privateKey), jwk: { ...(await exportJWK(privateKey)), kid: 'kid-rsa' } };
}

function client(url: string, privateKey: string | JsonWebKey, extra: { keyId?: string } = {}): OktaClient {
  return createOktaClient({ orgUrl: url, auth: { type: 'privateKey', clientId: CLIENT_ID, privateKey, scopes: ['okta.users.read', 'okta.users.manage'], ...extra }, retry: false });
}

describe('OAuth private_key_jwt', () => {
  it('gets a token with an RS256 assertion from a PEM key and caches it', async () => {
    const keys = await rsaSetup();
    org = await startOrg({ publicKey: keys.publicKey });
    const users = usersApi(client(org.server.url, keys.pem, { keyId: 'kid-1' }));
    const a = await users.getUser('u1');
    const b = await users.getUser('u2');
    expect(a.token).toBe(b.token);
    expect(org.state.tokenRequests).toBe(1);
    const tokenReq = org.server.requests[0]!;
    const assertion = new URLSearchParams(tokenReq.body.toString()).get('client_assertion')!;
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256', kid: 'kid-1' });
    expect(new URLSearchParams(tokenReq.body.toString()).get('scope')).toBe('okta.users.read okta.users.manage');
  });

  it('signs ES256 with an EC JWK (object or JSON text) and takes kid from it', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'ec-key' };
    org = await startOrg({ publicKey });
    await usersApi(client(org.server.url, JSON.stringify(jwk))).getUser('u1');
    const assertion = new URLSearchParams(org.server.requests[0]!.body.toString()).get('client_assertion')!;
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'ES256', kid: 'ec-key' });
  });

  it('shares one token request among concurrent callers', async () => {
    const keys = await rsaSetup();
    org = await startOrg({ publicKey: keys.publicKey });
    const users = usersApi(client(org.server.url, keys.jwk));
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => users.getUser(`u${i}`)));
    expect(new Set(results.map((r) => r.token)).size).toBe(1);
    expect(org.state.tokenRequests).toBe(1);
  });

  it('refreshes the token shortly before it expires', async () => {
    const keys = await rsaSetup();
    org = await startOrg({ publicKey: keys.publicKey, expiresIn: 1 });
    const users = usersApi(client(org.server.url, keys.jwk));
    const first = await users.getUser('u1');
    expect((await users.getUser('u1')).token).toBe(first.token);
    await new Promise((r) => setTimeout(r, 850));
    const later = await users.getUser('u1');
    expect(later.token).not.toBe(first.token);
    expect(org.state.tokenRequests).toBe(2);
  });

  it('drops a revoked token on 401 invalid_token, refreshes once and retries', async () => {
    const keys = await rsaSetup();
    org = await startOrg({ publicKey: keys.publicKey });
    const users = usersApi(client(org.server.url, keys.jwk));
    const first = await users.getUser('u1');
    org.revoke(String(first.token));
    const second = await users.getUser('u1');
    expect(second.token).not.toBe(first.token);
    expect(org.state.tokenRequests).toBe(2);
  });

  it('reports a token endpoint refusal as OktaAuthError without the key or assertion', async () => {
    const keys = await rsaSetup();
    const server = await startServer(() => json({ error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' }, 401));
    onTestFinished(() => server.close());
    const err = await usersApi(client(server.url, keys.pem)).getUser('u1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaAuthError);
    const e = err as OktaAuthError;
    expect(e).toMatchObject({ code: 'ERR_OKTA_AUTH', oauthError: 'invalid_client', status: 401 });
    const assertion = new URLSearchParams(server.requests[0]!.body.toString()).get('client_assertion')!;
    const text = `${e.message} ${e.stack} ${JSON.stringify(e)}`;
    expect(text).not.toContain(assertion);
    expect(text).not.toContain(keys.pem.split('\n')[1]!);
  });

  it('rejects a key it cannot use with a config error that does not quote it', async () => {
    const err = await usersApi(client('https://example.okta.com', '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----'))
      .getUser('u').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaConfigError);
    expect((err as Error).message).not.toContain('bm90IGEga2V5');
  });
});

describe('DPoP', () => {
  it('retries the token request with a nonce-bound proof and then sends DPoP tokens with ath, following API nonce rotation', async () => {
    const keys = await rsaSetup();
    org = await startOrg({ publicKey: keys.publicKey, dpop: true });
    const users = usersApi(client(org.server.url, keys.jwk));
    const user = await users.getUser('u1');
    expect(user.id).toBe('u1');
    // token: plain (400 use_dpop_nonce), then with proof + nonce; api: 401 use_dpop_nonce, then with nonce.
    expect(org.server.requests.map((r) => `${r.method} ${r.url.pathname} ${r.headers.dpop ? 'dpop' : '-'}`)).toEqual([
      'POST /oauth2/v1/token -', 'POST /oauth2/v1/token dpop', 'GET /api/v1/users/u1 dpop', 'GET /api/v1/users/u1 dpop',
    ]);
    expect(org.server.requests[3]!.headers.authorization).toMatch(/^DPoP at-/);

    // The API rotates its nonce: one more 401 round trip, same token.
    org.state.apiNonce = 'api-nonce-2';
    const again = await users.getUser('u2');
    expect(again.token).toBe(user.token);
    expect(org.state.tokenRequests).toBe(2);
  });
});

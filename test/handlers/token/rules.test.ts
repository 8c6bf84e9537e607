import { describe, expect, it } from 'vitest';
import { RESERVED_CLAIMS, sampleTokenRequest, tokenHook, type TokenApi } from '../../../src/handlers/token/index.js';
import { checkTokenResponse } from '../../../src/handlers/token/rules.js';
import type { HookResponseBody } from '../../../src/handlers/core/types.js';
import { bodyViolation, parsed, produce, rejection } from '../helpers.js';

const withIdToken = () => sampleTokenRequest();
const accessOnly = () => sampleTokenRequest({ data: { identity: undefined } });

/** Runs the calls as a handler and returns the thrown error (or fails the test when nothing is thrown). */
const violation = (calls: (api: TokenApi) => void, request: unknown = withIdToken()) => rejection(produce(tokenHook, request, calls));

const finalCheck = (body: HookResponseBody, request: unknown = withIdToken()) => bodyViolation(checkTokenResponse, body, parsed(tokenHook(() => {}), request));

const patch = (type: string, ...ops: unknown[]): HookResponseBody => ({ commands: [{ type, value: ops }] });
const ID = 'com.okta.identity.patch';
const ACCESS = 'com.okta.access.patch';

describe('token rules at the builder call', () => {
  it.each([...RESERVED_CLAIMS])('rejects reserved claim %s in the ID token', async (claim) => {
    const e = await violation((api) => api.idToken.addClaim(claim, 'x'));
    expect(e.code).toBe('ERR_HOOK_CONTRACT');
    expect(e.rule).toBe('token.reserved-claim');
    expect(e.site).toEqual({ commandIndex: 0, opIndex: 0, path: `/claims/${claim}` });
  });

  it.each([...RESERVED_CLAIMS].filter((c) => c !== 'aud' && c !== 'sub'))('rejects reserved claim %s in the access token', async (claim) => {
    const e = await violation((api) => api.accessToken.replaceClaim(claim, 'x'));
    expect(e.rule).toBe('token.reserved-claim');
  });

  it('allows aud and sub on access tokens only', async () => {
    const body = await produce(tokenHook, withIdToken(), (api) => {
      api.accessToken.replaceClaim('aud', 'api://other');
      api.accessToken.replaceClaim('sub', 'someone');
    });
    expect(body?.commands?.[0]?.value).toHaveLength(2);
    expect((await violation((api) => api.idToken.replaceClaim('aud', 'x'))).rule).toBe('token.reserved-claim');
    expect((await violation((api) => api.idToken.removeClaim('sub'))).rule).toBe('token.reserved-claim');
  });

  it('rejects deep paths into a reserved claim', async () => {
    const e = await violation((api) => api.idToken.appendToClaim('amr', 'mfa'));
    expect(e.rule).toBe('token.reserved-claim');
    expect(e.message).toContain('/claims/amr/-');
  });

  it('names the command and op index of a later bad call', async () => {
    const e = await violation((api) => {
      api.accessToken.addClaim('a', 1);
      api.idToken.addClaim('b', 2);
      api.idToken.addClaim('c', 3);
      api.idToken.addClaim('jti', 'x');
    });
    expect(e.site).toMatchObject({ commandIndex: 1, opIndex: 2 });
    expect(e.message).toBe('token.reserved-claim: "jti" is a reserved claim and cannot be changed in the ID token (at commands[1].value[2], path "/claims/jti")');
  });

  it.each([299, 86401, 0, -5, 3600.5, Number.NaN])('rejects lifetime %s', async (seconds) => {
    const e = await violation((api) => api.accessToken.setLifetime(seconds));
    expect(['token.lifetime-range', 'response.json-value']).toContain(e.rule);
  });

  it('rejects a lifetime given as a string', async () => {
    expect((await violation((api) => api.accessToken.patch({ op: 'replace', path: '/token/lifetime/expiration', value: '600' }))).rule).toBe('token.lifetime-range');
  });

  it.each(['add', 'remove'])('rejects the lifetime changed with %s', async (op) => {
    const e = await violation((api) => api.idToken.patch({ op, path: '/token/lifetime/expiration', value: 600 }));
    expect(e.rule).toBe('token.lifetime-op');
  });

  it('accepts the lifetime bounds 300 and 86400', async () => {
    const body = await produce(tokenHook, withIdToken(), (api) => {
      api.accessToken.setLifetime(300);
      api.idToken.setLifetime(86400);
    });
    expect(body?.commands).toHaveLength(2);
  });

  it.each([0, 'x', false, {}, []])('rejects remove with value %j', async (value) => {
    const e = await violation((api) => api.accessToken.patch({ op: 'remove', path: '/claims/tenant', value }));
    expect(e.rule).toBe('token.remove-value');
  });

  it.each(['move', 'copy', 'test', 'ADD', ''])('rejects op %j', async (op) => {
    expect((await violation((api) => api.accessToken.patch({ op, path: '/claims/x', value: 1 }))).rule).toBe('token.op');
  });

  it.each(['/claims/', '/claims', '/token/lifetime', '/profile/x', 'claims/x', '/token/lifetime/expiration/x'])('rejects path %j', async (path) => {
    expect((await violation((api) => api.accessToken.patch({ op: 'add', path, value: 1 }))).rule).toBe('token.path');
  });

  it('rejects an unescaped tilde and a misplaced append marker', async () => {
    expect((await violation((api) => api.accessToken.patch({ op: 'add', path: '/claims/a~b', value: 1 }))).rule).toBe('token.path');
    expect((await violation((api) => api.accessToken.patch({ op: 'replace', path: '/claims/arr/-', value: 1 }))).rule).toBe('token.path');
    expect((await violation((api) => api.accessToken.patch({ op: 'add', path: '/claims/arr/-/x', value: 1 }))).rule).toBe('token.path');
  });

  it('rejects add/replace without a JSON value', async () => {
    expect((await violation((api) => api.accessToken.addClaim('x', undefined))).rule).toBe('token.missing-value');
    expect((await violation((api) => api.accessToken.addClaim('x', () => 1))).rule).toBe('response.json-value');
    expect((await violation((api) => api.accessToken.addClaim('x', { when: new Date() }))).rule).toBe('response.json-value');
    expect((await violation((api) => api.accessToken.addClaim('x', 10n))).rule).toBe('response.json-value');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect((await violation((api) => api.accessToken.addClaim('x', cyclic))).rule).toBe('response.json-value');
  });

  it('rejects ID token patches when no ID token is minted', async () => {
    const e = await violation((api) => api.idToken.addClaim('x', 1), accessOnly());
    expect(e.rule).toBe('token.identity-not-requested');
  });

  it('sets only the access token lifetime when there is no ID token', async () => {
    const body = await produce(tokenHook, accessOnly(), (api) => api.tokenLifetime(900));
    expect(body).toEqual({ commands: [{ type: ACCESS, value: [{ op: 'replace', path: '/token/lifetime/expiration', value: 900 }] }] });
  });

  it('rejects access token patches when the request has no data.access', async () => {
    expect((await violation((api) => api.accessToken.addClaim('x', 1), sampleTokenRequest({ data: { access: undefined } }))).rule).toBe('token.access-not-requested');
  });

  it('rejects an empty claim path', async () => {
    expect((await violation((api) => api.accessToken.addClaim('', 1))).rule).toBe('token.path');
    expect((await violation((api) => api.accessToken.addClaim([] as unknown as [string], 1))).rule).toBe('token.path');
  });

  it('rejects builder calls after the handler returned', async () => {
    let late: TokenApi | undefined;
    await produce(tokenHook, withIdToken(), (api) => {
      late = api;
    });
    expect(() => late?.accessToken.addClaim('x', 1)).toThrow(/api.after-response/);
  });
});

describe('token rules on the final body', () => {
  it('rejects unknown command types', () => {
    expect(finalCheck(patch('com.okta.user.profile.update', {})).rule).toBe('response.command-type');
  });
  it('rejects a command value that is not an array of ops', () => {
    expect(finalCheck({ commands: [{ type: ACCESS, value: { op: 'add' } }] }).rule).toBe('token.patch-value');
    expect(finalCheck({ commands: [{ type: ACCESS, value: [] }] }).rule).toBe('token.patch-value');
  });
  it('rejects an op without op/path strings', () => {
    expect(finalCheck(patch(ACCESS, { path: '/claims/x', value: 1 })).rule).toBe('token.op-shape');
    expect(finalCheck(patch(ACCESS, 'add')).rule).toBe('token.op-shape');
  });
  it('rejects reserved claims, remove values and identity patches without an ID token', () => {
    expect(finalCheck(patch(ID, { op: 'add', path: '/claims/sub', value: 'x' })).site).toEqual({ commandIndex: 0, opIndex: 0, path: '/claims/sub' });
    expect(finalCheck(patch(ACCESS, { op: 'remove', path: '/claims/a', value: 'b' })).rule).toBe('token.remove-value');
    expect(finalCheck(patch(ID, { op: 'add', path: '/claims/a', value: 'b' }), accessOnly()).rule).toBe('token.identity-not-requested');
  });
  it('rejects unknown top-level members and malformed errors', () => {
    expect(finalCheck({ commands: [], extra: 1 } as HookResponseBody).rule).toBe('response.shape');
    expect(finalCheck({ error: { errorSummary: 5 } } as unknown as HookResponseBody).rule).toBe('response.error-shape');
    expect(finalCheck({ error: { errorCauses: [{ reason: 'X' }] } } as unknown as HookResponseBody).rule).toBe('response.error-shape');
    expect(finalCheck({ debugContext: [] } as unknown as HookResponseBody).rule).toBe('response.debug-context');
  });
  it('rejects a response of 256 KB or more', () => {
    const big = 'x'.repeat(256 * 1024);
    const e = finalCheck(patch(ACCESS, { op: 'add', path: '/claims/blob', value: big }));
    expect(e.rule).toBe('response.size');
    expect(e.message).toMatch(/262\d{3} bytes/);
  });
  it('accepts a valid mixed body', () => {
    const event = parsed(tokenHook(() => {}), withIdToken());
    const body = { commands: [patch(ID, { op: 'add', path: '/claims/a', value: 1 }).commands?.[0], patch(ACCESS, { op: 'remove', path: '/claims/b', value: null }).commands?.[0]] };
    expect(() => checkTokenResponse(body as HookResponseBody, event)).not.toThrow();
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTokenResponse, type TokenDraft } from '../../../src/emulator/hook-calls/apply-token.js';

function draft(): TokenDraft {
  return {
    accessClaims: { ver: 1, aud: 'api://default', sub: 'ada@example.com', cid: 'client1', uid: '00u1', scp: ['openid'], groups_ext: ['a', 'b'] },
    idClaims: {
      sub: '00u1',
      name: 'Ada',
      employee_profile: { employee_id: '1234', name: 'Anna', email: 'anna@old.example' },
      preferred_airports: ['sfo', 'sea', 'pdx'],
      'https://example.com/role': 'x',
    },
    accessLifetime: 3600,
    idLifetime: 3600,
  };
}

const access = (...ops: unknown[]) => ({ commands: [{ type: 'com.okta.access.patch', value: ops }] });
const identity = (...ops: unknown[]) => ({ commands: [{ type: 'com.okta.identity.patch', value: ops }] });

describe('applyTokenResponse: patches Okta applies', () => {
  it.each([
    ['add a new access claim', access({ op: 'add', path: '/claims/tier', value: 'gold' }), (d: TokenDraft) => d.accessClaims.tier, 'gold'],
    ['add on an existing claim replaces it', identity({ op: 'add', path: '/claims/name', value: 'Grace' }), (d: TokenDraft) => d.idClaims?.name, 'Grace'],
    ['replace an existing claim', identity({ op: 'replace', path: '/claims/name', value: 'Bea' }), (d: TokenDraft) => d.idClaims?.name, 'Bea'],
    ['remove a claim without a value', identity({ op: 'remove', path: '/claims/name' }), (d: TokenDraft) => 'name' in (d.idClaims ?? {}), false],
    ['remove with a null value', identity({ op: 'remove', path: '/claims/name', value: null }), (d: TokenDraft) => 'name' in (d.idClaims ?? {}), false],
    ['add a member of an object claim', identity({ op: 'add', path: '/claims/employee_profile/department_id', value: '4947' }), (d: TokenDraft) => (d.idClaims?.employee_profile as Record<string, unknown>).department_id, '4947'],
    ['replace a member of an object claim', identity({ op: 'replace', path: '/claims/employee_profile/email', value: 'a@new.example' }), (d: TokenDraft) => (d.idClaims?.employee_profile as Record<string, unknown>).email, 'a@new.example'],
    ['append with -', identity({ op: 'add', path: '/claims/preferred_airports/-', value: 'lax' }), (d: TokenDraft) => d.idClaims?.preferred_airports, ['sfo', 'sea', 'pdx', 'lax']],
    ['append at index == length', identity({ op: 'add', path: '/claims/preferred_airports/3', value: 'lax' }), (d: TokenDraft) => d.idClaims?.preferred_airports, ['sfo', 'sea', 'pdx', 'lax']],
    ['remove an array element', identity({ op: 'remove', path: '/claims/preferred_airports/1' }), (d: TokenDraft) => d.idClaims?.preferred_airports, ['sfo', 'pdx']],
    ['replace a URI claim (RFC 6901 ~1)', identity({ op: 'replace', path: '/claims/https:~1~1example.com~1role', value: 'y' }), (d: TokenDraft) => d.idClaims?.['https://example.com/role'], 'y'],
    ['add a claim with ~0', access({ op: 'add', path: '/claims/a~0b', value: 1 }), (d: TokenDraft) => d.accessClaims['a~b'], 1],
    ['modify aud in the access token', access({ op: 'replace', path: '/claims/aud', value: 'api://other' }), (d: TokenDraft) => d.accessClaims.aud, 'api://other'],
    ['modify sub in the access token', access({ op: 'add', path: '/claims/sub', value: 'someone' }), (d: TokenDraft) => d.accessClaims.sub, 'someone'],
    ['replace the access lifetime', access({ op: 'replace', path: '/token/lifetime/expiration', value: 300 }), (d: TokenDraft) => d.accessLifetime, 300],
    ['replace the ID lifetime (max)', identity({ op: 'replace', path: '/token/lifetime/expiration', value: 86400 }), (d: TokenDraft) => d.idLifetime, 86400],
  ])('%s', (_name, response, read, expected) => {
    const original = draft();
    const result = applyTokenResponse(original, response);
    expect(result.kind).toBe('patched');
    if (result.kind !== 'patched') return;
    expect(read(result.token)).toEqual(expected);
    expect(original).toEqual(draft());
  });

  it('treats a 204 (no body) and {} as zero operations', () => {
    expect(applyTokenResponse(draft(), undefined)).toMatchObject({ kind: 'patched', operations: 0, token: draft() });
    expect(applyTokenResponse(draft(), {})).toMatchObject({ kind: 'patched', operations: 0 });
  });

  it('keeps debugContext for the System Log', () => {
    const result = applyTokenResponse(draft(), { ...access({ op: 'add', path: '/claims/x', value: 1 }), debugContext: { why: 'test' } });
    expect(result.debugContext).toEqual({ why: 'test' });
  });
});

describe('applyTokenResponse: patches Okta refuses (the whole patch fails, token unchanged)', () => {
  const valid = { op: 'add', path: '/claims/fine', value: 'ok' };
  it.each([
    ['move op', access({ op: 'move', from: '/claims/a', path: '/claims/b' })],
    ['copy op', access({ op: 'copy', from: '/claims/a', path: '/claims/b' })],
    ['test op', access({ op: 'test', path: '/claims/ver', value: 1 })],
    ['missing op', access({ path: '/claims/x', value: 1 })],
    ['path outside /claims', access({ op: 'add', path: '/scopes/x', value: 1 })],
    ['path without a leading slash', access({ op: 'add', path: 'claims/x', value: 1 })],
    ['bare /claims', access({ op: 'add', path: '/claims', value: {} })],
    ['empty claim name', access({ op: 'add', path: '/claims/', value: 1 })],
    ['bad escape ~2', access({ op: 'add', path: '/claims/a~2b', value: 1 })],
    ['reserved claim added (iss)', access({ op: 'add', path: '/claims/iss', value: 'evil' })],
    ['reserved claim replaced (scp)', access({ op: 'replace', path: '/claims/scp', value: ['admin'] })],
    ['reserved claim removed (cid)', access({ op: 'remove', path: '/claims/cid' })],
    ['reserved member path (groups/0)', access({ op: 'add', path: '/claims/groups/-', value: 'admins' })],
    ['aud in the ID token', identity({ op: 'replace', path: '/claims/aud', value: 'x' })],
    ['sub in the ID token', identity({ op: 'replace', path: '/claims/sub', value: 'x' })],
    ['removing sub in the access token', access({ op: 'remove', path: '/claims/sub' })],
    ['remove with a non-null value', identity({ op: 'remove', path: '/claims/name', value: 'Ada' })],
    ['remove with an empty-string value', identity({ op: 'remove', path: '/claims/name', value: '' })],
    ['replace a missing claim', identity({ op: 'replace', path: '/claims/nickname', value: 'x' })],
    ['remove a missing claim', identity({ op: 'remove', path: '/claims/nickname' })],
    ['replace a missing member', identity({ op: 'replace', path: '/claims/employee_profile/missing', value: 'x' })],
    ['add under a missing parent', identity({ op: 'add', path: '/claims/nothing/here', value: 'x' })],
    ['add under a scalar', identity({ op: 'add', path: '/claims/name/first', value: 'x' })],
    ['add past the end of an array', identity({ op: 'add', path: '/claims/preferred_airports/9', value: 'x' })],
    ['replace a missing index', identity({ op: 'replace', path: '/claims/preferred_airports/3', value: 'x' })],
    ['non-numeric array index', identity({ op: 'replace', path: '/claims/preferred_airports/one', value: 'x' })],
    ['leading-zero array index', identity({ op: 'replace', path: '/claims/preferred_airports/01', value: 'x' })],
    ['remove at -', identity({ op: 'remove', path: '/claims/preferred_airports/-' })],
    ['add without a value', access({ op: 'add', path: '/claims/x' })],
    ['lifetime with add', access({ op: 'add', path: '/token/lifetime/expiration', value: 600 })],
    ['lifetime with remove', access({ op: 'remove', path: '/token/lifetime/expiration' })],
    ['lifetime below 300', access({ op: 'replace', path: '/token/lifetime/expiration', value: 299 })],
    ['lifetime above 86400', access({ op: 'replace', path: '/token/lifetime/expiration', value: 86401 })],
    ['lifetime not an integer', access({ op: 'replace', path: '/token/lifetime/expiration', value: 600.5 })],
    ['lifetime as a string', access({ op: 'replace', path: '/token/lifetime/expiration', value: '600' })],
    ['prototype pollution path', access({ op: 'add', path: '/claims/__proto__/polluted', value: true })],
    ['one bad op among good ones', access(valid, { op: 'add', path: '/claims/jti', value: 'x' })],
    ['unknown command type', { commands: [{ type: 'com.okta.other.patch', value: [valid] }] }],
    ['value not an array', { commands: [{ type: 'com.okta.access.patch', value: valid }] }],
    ['op not an object', access('add /claims/x')],
    ['commands not an array', { commands: { type: 'com.okta.access.patch' } }],
    ['command without a type', { commands: [{ value: [valid] }] }],
    ['body is an array', [valid]],
    ['body is a string', 'ok'],
  ])('%s', (_name, response) => {
    const original = draft();
    const result = applyTokenResponse(original, response);
    expect(result.kind).toBe('unchanged');
    if (result.kind !== 'unchanged') return;
    expect(result.token).toEqual(draft());
    expect(result.reason.length).toBeGreaterThan(5);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an identity patch when no ID token was requested', () => {
    const { idClaims: _id, idLifetime: _lifetime, ...accessOnly } = draft();
    const result = applyTokenResponse(accessOnly, identity({ op: 'add', path: '/claims/x', value: 1 }));
    expect(result).toMatchObject({ kind: 'unchanged', reason: expect.stringContaining('no ID token') });
  });

  it('a failure in the identity patch also drops the valid access patch', () => {
    const response = {
      commands: [
        { type: 'com.okta.access.patch', value: [valid] },
        { type: 'com.okta.identity.patch', value: [{ op: 'add', path: '/claims/nonce', value: 'x' }] },
      ],
    };
    const result = applyTokenResponse(draft(), response);
    expect(result.kind).toBe('unchanged');
    expect(result.kind === 'unchanged' && result.token.accessClaims.fine).toBeUndefined();
  });
});

describe('applyTokenResponse: error object', () => {
  it('turns error.errorSummary into server_error and ignores commands', () => {
    const result = applyTokenResponse(draft(), { error: { errorSummary: 'No access today' }, ...access(valid()) });
    expect(result).toEqual({ kind: 'error', error: 'server_error', errorDescription: 'No access today' });
  });

  it('uses the default description without a summary', () => {
    expect(applyTokenResponse(draft(), { error: {} })).toMatchObject({
      kind: 'error',
      errorDescription: 'The callback service returned an error',
    });
  });

  it('treats error: null as no error', () => {
    expect(applyTokenResponse(draft(), { error: null }).kind).toBe('patched');
  });

  function valid() {
    return { op: 'add', path: '/claims/fine', value: 'ok' };
  }
});

const samples = join(import.meta.dirname, '../../../../shared/okta/samples');
describe.skipIf(!existsSync(samples))('applyTokenResponse: Okta documentation samples', () => {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(samples, name), 'utf8'));
  function sampleDraft(): TokenDraft {
    const request = read('token-request.json') as { data: { access: { claims: Record<string, unknown> }; identity: { claims: Record<string, unknown> } } };
    return {
      accessClaims: { ...request.data.access.claims, external_guid: 'old' },
      idClaims: {
        ...request.data.identity.claims,
        ...(read('token-claim-employee-profile-before.json') as Record<string, unknown>),
        preferred_airports: ['sfo', 'sea', 'pdx'],
        extPatientId: 'old',
        birthdate: '1990-01-01',
      },
      accessLifetime: 3600,
      idLifetime: 3600,
    };
  }
  it.each([
    'token-response.json',
    'token-response-replace.json',
    'token-response-remove.json',
    'token-response-modify-lifetime.json',
    'token-response-add-object-member.json',
    'token-response-append-array-dash.json',
    'token-response-append-array-index.json',
    'token-response-remove-array-element.json',
  ])('%s applies cleanly', (name) => {
    const result = applyTokenResponse(sampleDraft(), read(name));
    expect(result.kind).toBe('patched');
    expect(result.kind === 'patched' && result.operations).toBeGreaterThan(0);
  });

  it('token-response-error.json becomes server_error', () => {
    expect(applyTokenResponse(sampleDraft(), read('token-response-error.json')).kind).toBe('error');
  });
});

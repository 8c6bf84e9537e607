import { describe, expect, it } from 'vitest';
import { applySamlResponse, type SamlAssertion } from '../../../src/emulator/hook-calls/apply-saml.js';

const attribute = (value: string) => ({
  attributes: { NameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic' },
  attributeValues: [{ attributes: { 'xsi:type': 'xs:string' }, value }],
});

function assertion(): SamlAssertion {
  return {
    subject: { nameId: 'ada@example.com', confirmation: { method: 'bearer', data: { recipient: 'https://sp.example/acs' } } },
    authentication: { sessionIndex: 'id1', authnContext: { authnContextClassRef: 'PasswordProtectedTransport' } },
    conditions: { audienceRestriction: ['urn:example:sp'] },
    claims: {
      array: { attributes: {}, attributeValues: [{ value: 'one' }, { value: 'two' }] },
      'http://schemas.example/claims/foo': attribute('foo'),
    },
    lifetime: { expiration: 300 },
  };
}
const patch = (...ops: unknown[]) => ({ commands: [{ type: 'com.okta.assertion.patch', value: ops }] });

describe('applySamlResponse: applied', () => {
  it.each([
    ['replace the subject nameId', patch({ op: 'replace', path: '/subject/nameId', value: 'x@example.com' }), (a: SamlAssertion) => (a.subject as { nameId: string }).nameId, 'x@example.com'],
    ['replace an attribute value by index', patch({ op: 'replace', path: '/claims/array/attributeValues/1/value', value: 'TWO' }), (a: SamlAssertion) => JSON.stringify(a.claims).includes('TWO'), true],
    ['replace a URI-named attribute (~1)', patch({ op: 'replace', path: '/claims/http:~1~1schemas.example~1claims~1foo/attributeValues/0/value', value: 'bar' }), (a: SamlAssertion) => JSON.stringify(a.claims).includes('"bar"'), true],
    ['add a new attribute', patch({ op: 'add', path: '/claims/department', value: attribute('R&D') }), (a: SamlAssertion) => (a.claims as Record<string, unknown>).department, attribute('R&D')],
    ['add sessionLifetime', patch({ op: 'add', path: '/authentication/sessionLifetime', value: 600 }), (a: SamlAssertion) => (a.authentication as Record<string, unknown>).sessionLifetime, 600],
    ['replace the audience', patch({ op: 'replace', path: '/conditions/audienceRestriction/0', value: 'urn:other' }), (a: SamlAssertion) => (a.conditions as { audienceRestriction: string[] }).audienceRestriction[0], 'urn:other'],
  ])('%s', (_name, body, read, expected) => {
    const original = assertion();
    const result = applySamlResponse(original, body);
    expect(result.kind).toBe('patched');
    if (result.kind === 'patched') expect(read(result.assertion)).toEqual(expected);
    expect(original).toEqual(assertion());
  });

  it('adds the first attribute to an assertion without claims', () => {
    const { claims: _claims, ...bare } = assertion();
    const result = applySamlResponse(bare, patch({ op: 'add', path: '/claims/role', value: attribute('admin') }));
    expect(result.kind === 'patched' && result.assertion.claims).toEqual({ role: attribute('admin') });
  });
});

describe('applySamlResponse: refused patches keep the original assertion', () => {
  it.each([
    ['remove op', patch({ op: 'remove', path: '/claims/array' })],
    ['move op', patch({ op: 'move', from: '/claims/array', path: '/claims/b' })],
    ['path under /lifetime', patch({ op: 'replace', path: '/lifetime/expiration', value: 60 })],
    ['path under /issuer', patch({ op: 'replace', path: '/issuer', value: 'x' })],
    ['bare /claims', patch({ op: 'add', path: '/claims', value: {} })],
    ['replace a missing attribute', patch({ op: 'replace', path: '/claims/missing/attributeValues/0/value', value: 'x' })],
    ['replace a missing index', patch({ op: 'replace', path: '/claims/array/attributeValues/5/value', value: 'x' })],
    ['add a new attribute as a plain string', patch({ op: 'add', path: '/claims/department', value: 'R&D' })],
    ['add sessionLifetime as a string', patch({ op: 'add', path: '/authentication/sessionLifetime', value: '600' })],
    ['missing value', patch({ op: 'replace', path: '/subject/nameId' })],
    ['unknown command type', { commands: [{ type: 'com.okta.access.patch', value: [] }] }],
    ['value not an array', { commands: [{ type: 'com.okta.assertion.patch', value: { op: 'add' } }] }],
    ['one bad op after a good one', patch({ op: 'replace', path: '/subject/nameId', value: 'x' }, { op: 'remove', path: '/subject/nameId' })],
  ])('%s', (_name, body) => {
    const result = applySamlResponse(assertion(), body);
    expect(result.kind).toBe('unchanged');
    if (result.kind === 'unchanged') expect(result.assertion).toEqual(assertion());
  });

  it('an error object stops the sign-on with its summary or the default text', () => {
    expect(applySamlResponse(assertion(), { error: { errorSummary: 'No SSO for you' } })).toEqual({ kind: 'error', message: 'No SSO for you' });
    expect(applySamlResponse(assertion(), { error: {} })).toMatchObject({ message: 'The callback service returned an error' });
  });

  it('204 keeps the assertion as it is', () => {
    expect(applySamlResponse(assertion(), undefined)).toMatchObject({ kind: 'patched', operations: 0, assertion: assertion() });
  });
});

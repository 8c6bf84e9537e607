import { describe, expect, it } from 'vitest';
import type { HookResponseBody } from '../../../src/handlers/core/types.js';
import { sampleSamlRequest, samlHook, type SamlApi } from '../../../src/handlers/saml/index.js';
import { checkSamlResponse } from '../../../src/handlers/saml/rules.js';
import { bodyViolation, parsed, produce, rejection } from '../helpers.js';

const PATCH = 'com.okta.assertion.patch';

const violation = (calls: (api: SamlApi) => void) => rejection(produce(samlHook, sampleSamlRequest(), calls));

const finalCheck = (body: HookResponseBody) => bodyViolation(checkSamlResponse, body);

describe('samlHook builder', () => {
  it('builds an attribute with a URI name, NameFormat and typed values', async () => {
    const body = await produce(samlHook, sampleSamlRequest(), (api) => api.assertion.addAttribute('urn:example:tier/level', [2, true], { nameFormat: 'uri', type: 'xs:integer' }));
    expect(body?.commands?.[0]?.value).toEqual([
      {
        op: 'add',
        path: '/claims/urn:example:tier~1level',
        value: {
          attributes: { NameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri' },
          attributeValues: [
            { attributes: { 'xsi:type': 'xs:integer' }, value: '2' },
            { attributes: { 'xsi:type': 'xs:integer' }, value: 'true' },
          ],
        },
      },
    ]);
  });

  it.each(['remove', 'move', 'copy', 'test'])('rejects op %s', async (op) => {
    const e = await violation((api) => api.assertion.patch({ op, path: '/claims/x', value: 1 }));
    expect(e.rule).toBe('saml.op');
    expect(e.site).toEqual({ commandIndex: 0, opIndex: 0, path: '/claims/x' });
  });

  it.each(['/lifetime/expiration', '/claims', '/claims/', '/signature/x', 'claims/x', '/subject'])('rejects path %j', async (path) => {
    expect((await violation((api) => api.assertion.replace(path, 'v'))).rule).toBe('saml.path');
  });

  it.each([0, -1, 1.5, '300'])('rejects session lifetime %j', async (seconds) => {
    expect((await violation((api) => api.assertion.setSessionLifetime(seconds as number))).rule).toBe('saml.session-lifetime');
  });

  it('rejects adding an attribute without values or with a bad shape', async () => {
    expect((await violation((api) => api.assertion.addAttribute('empty', []))).rule).toBe('saml.attribute-shape');
    expect((await violation((api) => api.assertion.add('/claims/raw', 'just a string'))).rule).toBe('saml.attribute-shape');
    expect((await violation((api) => api.assertion.add(['claims', 'x'], { attributeValues: [{ nope: 1 }] }))).rule).toBe('saml.attribute-shape');
    expect((await violation((api) => api.assertion.addAttribute('x', 'v', { nameFormat: 'fancy' }))).rule).toBe('saml.attribute-shape');
  });

  it('rejects a value-less replace', async () => {
    expect((await violation((api) => api.assertion.replace('/subject/nameId', undefined))).rule).toBe('saml.missing-value');
  });

  it('groups consecutive ops into one command', async () => {
    const body = await produce(samlHook, sampleSamlRequest(), (api) => {
      api.assertion.replace('/subject/nameId', 'someone');
      api.assertion.replace(['conditions', 'audienceRestriction', 0], 'urn:x');
    });
    expect(body?.commands).toHaveLength(1);
  });

  it('fails open with 204 and leaves the request unredacted (nothing secret)', () => {
    const def = samlHook(() => {});
    const request = sampleSamlRequest();
    expect(def.fallback(parsed(def, request), 'timeout')).toBeNull();
    expect(def.fallback(undefined, 'handler-error')).toBeNull();
    expect(def.redact(request)).toEqual(request);
  });
});

describe('SAML rules on the final body', () => {
  it.each([
    [{ commands: [{ type: 'com.okta.identity.patch', value: [] }] }, 'response.command-type'],
    [{ commands: [{ type: PATCH, value: {} }] }, 'saml.patch-value'],
    [{ commands: [{ type: PATCH, value: [{ op: 'remove', path: '/claims/x' }] }] }, 'saml.op'],
    [{ commands: [{ type: PATCH, value: [{ op: 'replace', path: '/issuer/x', value: 1 }] }] }, 'saml.path'],
    [{ commands: [{ type: PATCH, value: [{ op: 'add', path: '/authentication/sessionLifetime', value: 'long' }] }] }, 'saml.session-lifetime'],
  ])('rejects %j', (body, rule) => {
    expect(finalCheck(body as HookResponseBody).rule).toBe(rule);
  });
});

describe('SAML request parsing', () => {
  it('requires the assertion and locates bad claims', () => {
    const def = samlHook(() => {});
    const missing = def.parse(sampleSamlRequest({ data: { assertion: undefined } }));
    expect(missing.ok ? [] : missing.issues).toEqual([{ location: 'data.assertion', message: 'required object is missing' }]);
    const bad = def.parse(sampleSamlRequest({ data: { assertion: { claims: { email: { attributeValues: 'x' } } } } }));
    expect(bad.ok ? [] : bad.issues).toEqual([{ location: 'data.assertion.claims.email.attributeValues', message: 'expected array, got string' }]);
  });
});

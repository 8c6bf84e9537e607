import { describe, expect, it } from 'vitest';
import { samlHook, type SamlApi } from '../../../src/handlers/saml/index.js';
import { hasSamples, JAVA_DIR, loadSample, parsed, produce, SAMPLES_DIR, sameJson, sampleFiles } from '../helpers.js';

const WS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';

const TABLE: Record<string, (api: SamlApi) => void> = {
  'saml-response.json': (api) => {
    api.assertion.replace('/claims/array/attributeValues/1/value', 'replacementValue');
    api.assertion.replace('/authentication/authnContext', { authnContextClassRef: 'replacementValue' });
    api.assertion.addAttribute('extPatientId', '4321');
    api.assertion.setSessionLifetime(300);
    api.nextCommand();
    api.assertion.replace('/authentication/sessionIndex', 'definitelyARealSession');
  },
  'saml-response-uri-claims.json': (api) => {
    api.assertion.replace(['claims', `${WS}/foo`, 'attributeValues', 0, 'value'], 'replacementValue');
    api.assertion.replace(['claims', `${WS}/foo`, 'attributes'], { attributes: { NameFormat: BASIC } });
    api.assertion.addAttribute(`${WS}/bar`, ['bearer']);
  },
  'java-sdk-expected/SamlHooksTest.basicAdd.json': (api) => api.assertion.addAttribute('foo', 'barer', { nameFormat: 'basic', type: 'xs:string' }),
  'java-sdk-expected/SamlHooksTest.replaceBasic.json': (api) => api.assertion.replace('/claims/array/attributeValues/1/value', 'replacementValue'),
  'java-sdk-expected/SamlHooksTest.replaceComplex.json': (api) => api.assertion.replace('/authentication/authnContext', { authnContextClassRef: 'Something:different?' }),
  // The Java SDK puts every op in its own command.
  'java-sdk-expected/SamlHooksTest.complexAddRemove.json': (api) => {
    api.assertion.replace('/claims/array/attributeValues/1/value', 'replacementValue');
    api.nextCommand();
    api.assertion.replace('/authentication/authnContext', { authnContextClassRef: 'Something:different?' });
    api.nextCommand();
    api.assertion.addAttribute('foo', 'bearer');
    api.nextCommand();
    api.assertion.replace('/authentication/sessionIndex', 'definitelyARealSession');
  },
};

describe.skipIf(!hasSamples)('SAML hook conformance with ../shared/okta/samples', () => {
  it('parses the documented request', () => {
    const event = parsed(samlHook(() => {}), loadSample('saml-request.json'));
    expect(event.attributeValues('array')).toEqual(['Array 1', 'Array2', 'Array3']);
    expect(event.attributeValues('missing')).toBeUndefined();
    expect(event.app?.id).toBe('0oath92zlO60urQOP0g3');
    expect(event.assertion.lifetime?.expiration).toBe(300);
  });

  it('maps every SAML response sample and Java SDK expectation', () => {
    const files = [
      ...sampleFiles(SAMPLES_DIR, /^saml-response.*\.json$/),
      ...sampleFiles(JAVA_DIR, /^SamlHooksTest\..*\.json$/).map((f) => `java-sdk-expected/${f}`),
    ];
    expect(Object.keys(TABLE).sort()).toEqual(files.sort());
  });

  for (const [file, calls] of Object.entries(TABLE)) {
    it(`produces ${file}`, async () => {
      sameJson(await produce(samlHook, loadSample('saml-request.json'), calls), loadSample(file));
    });
  }
});

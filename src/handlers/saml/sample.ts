import { finishSample, oktaId, requestContext, SAMPLE_ORG_URL, sampleEnvelope, sampleUserAndSession } from '../core/sample.js';
import { SAML_EVENT_TYPE, type SamlRequest } from './schema.js';

const UNSPECIFIED = 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified';

function attribute(type: string, ...values: string[]): Record<string, unknown> {
  return { attributes: { NameFormat: UNSPECIFIED }, attributeValues: values.map((value) => ({ attributes: { 'xsi:type': type }, value })) };
}

/** A realistic SAML assertion hook request with fresh ids and times. */
export function sampleRequest(overrides: Record<string, unknown> = {}): SamlRequest {
  const appId = oktaId('0oa');
  const appKey = oktaId('exk');
  const ssoUrl = `${SAMPLE_ORG_URL}/app/gatehookdemo_wiki_1/${appKey}/sso/saml`;
  const login = 'aiko.tanaka@example.com';
  const { user, session } = sampleUserAndSession(login, 'Aiko', 'Tanaka');
  const body = {
    ...sampleEnvelope(SAML_EVENT_TYPE, ssoUrl),
    data: {
      context: {
        request: requestContext('GET', `/app/gatehookdemo_wiki_1/${appKey}/sso/saml`),
        protocol: { type: 'SAML2.0', issuer: { id: appId, name: 'Team Wiki', uri: `http://www.okta.com/${appKey}` } },
        session,
        user,
      },
      assertion: {
        subject: {
          nameId: login,
          nameFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
          confirmation: { method: 'urn:oasis:names:tc:SAML:2.0:cm:bearer', data: { recipient: 'https://wiki.example.com/saml/acs' } },
        },
        authentication: {
          sessionIndex: `id${Date.now()}.${Math.floor(Math.random() * 1e9)}`,
          authnContext: { authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' },
        },
        conditions: { audienceRestriction: ['https://wiki.example.com/saml/metadata'] },
        claims: {
          email: attribute('xs:string', login),
          teams: attribute('xs:string', 'platform', 'on-call'),
          employeeNumber: attribute('xs:integer', '20417'),
        },
        lifetime: { expiration: 300 },
      },
    },
  };
  return finishSample<SamlRequest>(body, overrides);
}

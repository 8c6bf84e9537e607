import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startSecretsManagerStub, type SecretsManagerStub } from '../support/secrets-manager-stub.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaFromEnv, oktaFromSecretsManager, parseOktaCredentials } from '../../src/runtime/okta-credentials.js';

describe('parseOktaCredentials', () => {
  it('reads the API token form and the private key form', () => {
    expect(parseOktaCredentials('{"orgUrl":"https://acme.okta.test","apiToken":"00tok"}', 's')).toEqual({
      orgUrl: 'https://acme.okta.test',
      auth: { type: 'ssws', token: '00tok' },
    });
    expect(
      parseOktaCredentials('{"orgUrl":"https://acme.okta.test","clientId":"0oa1","privateKey":"-----BEGIN PRIVATE KEY-----","keyId":"k1","scopes":["okta.users.read"]}', 's'),
    ).toEqual({
      orgUrl: 'https://acme.okta.test',
      auth: { type: 'privateKey', clientId: '0oa1', privateKey: '-----BEGIN PRIVATE KEY-----', keyId: 'k1', scopes: ['okta.users.read'] },
    });
  });

  it.each([
    ['not json', /is not JSON/],
    ['"text"', /not a JSON object|needs "orgUrl"/],
    ['{"apiToken":"00secret-token"}', /needs "orgUrl"/],
    ['{"orgUrl":"https://a.test","clientId":"x","privateKey":"pk"}', /needs "apiToken", or "clientId", "privateKey" and "scopes"/],
  ])('rejects %s by naming fields, never values', (text, message) => {
    expect(() => parseOktaCredentials(text, 'secret okta')).toThrow(message);
    try {
      parseOktaCredentials(text, 'secret okta');
    } catch (err) {
      expect((err as Error).message).not.toContain('00secret-token');
    }
  });
});

describe('oktaFromSecretsManager / oktaFromEnv', () => {
  let stub: SecretsManagerStub;
  let client: SecretsManagerClient;
  beforeAll(async () => {
    stub = await startSecretsManagerStub({ 'gatehook/okta': JSON.stringify({ orgUrl: 'https://acme.okta.test', apiToken: '00tok' }) });
    client = stub.client();
  });
  afterAll(() => stub.close());

  it('builds a client from the secret on first use', async () => {
    const okta = await oktaFromSecretsManager('gatehook/okta', { client })();
    expect(okta.orgUrl).toBe('https://acme.okta.test');
  });

  it('needs a secret id; the env form needs both variables', () => {
    expect(() => oktaFromSecretsManager('')).toThrow(/GATEHOOK_OKTA_SECRET_ID/);
    expect(oktaFromEnv({ OKTA_ORG_URL: 'https://acme.okta.test' })).toBeUndefined();
    expect(oktaFromEnv({ OKTA_ORG_URL: 'https://acme.okta.test', OKTA_API_TOKEN: 't' })!().orgUrl).toBe('https://acme.okta.test');
  });
});

import { finishSample, oktaId, requestContext, SAMPLE_ORG_URL, sampleEnvelope, sampleUserAndSession } from '../core/sample.js';
import { TOKEN_EVENT_TYPE, type TokenRequest } from './schema.js';

/**
 * A realistic token hook request (authorization code flow with an ID token) with fresh ids and times.
 * `overrides` deep-merges; e.g. `{ data: { identity: undefined } }` for a request without an ID token.
 */
export function sampleRequest(overrides: Record<string, unknown> = {}): TokenRequest {
  const issuer = `${SAMPLE_ORG_URL}/oauth2/ausgatehook0demo01`;
  const clientId = oktaId('0oa');
  const login = 'mira.lindqvist@example.com';
  const { user, session } = sampleUserAndSession(login, 'Mira', 'Lindqvist');
  const now = Math.floor(Date.now() / 1000);
  const body = {
    ...sampleEnvelope(TOKEN_EVENT_TYPE, `${issuer}/v1/token`),
    data: {
      context: {
        request: requestContext('POST', '/oauth2/ausgatehook0demo01/v1/token'),
        protocol: {
          type: 'OAUTH2.0',
          request: {
            scope: 'openid profile email offline_access',
            state: crypto.randomUUID(),
            redirect_uri: 'https://app.example.com/callback',
            response_mode: 'query',
            response_type: 'code',
            client_id: clientId,
            grant_type: 'authorization_code',
          },
          issuer: { uri: issuer },
          client: { id: clientId, name: 'Example Portal', type: 'PUBLIC' },
        },
        session,
        user,
        policy: { id: oktaId('00p'), rule: { id: oktaId('0pr') } },
      },
      identity: {
        claims: {
          sub: user.id,
          name: 'Mira Lindqvist',
          email: login,
          ver: 1,
          iss: issuer,
          aud: clientId,
          jti: `ID.${crypto.randomUUID()}`,
          amr: ['pwd'],
          idp: (session.idp as { id: string }).id,
          nonce: crypto.randomUUID(),
          preferred_username: login,
          auth_time: now - 300,
        },
        token: { lifetime: { expiration: 3600 } },
      },
      access: {
        claims: {
          ver: 1,
          jti: `AT.${crypto.randomUUID()}`,
          iss: issuer,
          aud: 'api://gatehook-demo',
          cid: clientId,
          uid: user.id,
          sub: login,
        },
        token: { lifetime: { expiration: 3600 } },
        scopes: {
          openid: { id: oktaId('scp'), action: 'GRANT' },
          profile: { id: oktaId('scp'), action: 'GRANT' },
          email: { id: oktaId('scp'), action: 'GRANT' },
          offline_access: { id: oktaId('scp'), action: 'GRANT' },
        },
      },
      refresh_token: { jti: oktaId('oar') },
    },
  };
  return finishSample<TokenRequest>(body, overrides);
}

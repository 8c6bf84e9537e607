/** The relying party's two steps, through openid-client: an authorization URL with PKCE, state and nonce, and its code exchange. */
import * as client from 'openid-client';

export interface Started {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

export const insecure = { execute: [client.allowInsecureRequests] };

export async function startAuthorization(config: client.Configuration, redirectUri: string, extra: Record<string, string> = {}): Promise<Started> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/** Redeems the code of the redirect to `location`, checking state, nonce and the ID token. */
export function exchangeCode(config: client.Configuration, started: Started, location: string | undefined) {
  return client.authorizationCodeGrant(config, new URL(location ?? ''), { pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce });
}

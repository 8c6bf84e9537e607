/** OIDC app documents in the shape of Okta's app object: a web app (secret) and a single-page app (PKCE). */
import type { AppDoc } from '../store/types.js';

export interface OidcAppInput {
  id: string;
  label: string;
  kind: 'web' | 'browser';
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Web apps: the client secret (client_secret_basic). */
  clientSecret?: string;
  /** Extra grants besides authorization_code and refresh_token. */
  grantTypes?: string[];
}

export function newOidcAppDoc(input: OidcAppInput, now: string): AppDoc {
  const web = input.kind === 'web';
  return {
    id: input.id,
    name: 'oidc_client',
    label: input.label,
    status: 'ACTIVE',
    signOnMode: 'OPENID_CONNECT',
    created: now,
    lastUpdated: now,
    features: [],
    visibility: { autoSubmitToolbar: false, hide: { iOS: true, web: true }, appLinks: { oidc_client_link: true } },
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    credentials: {
      oauthClient: {
        client_id: input.id,
        token_endpoint_auth_method: web ? 'client_secret_basic' : 'none',
        autoKeyRotation: true,
        ...(web && input.clientSecret ? { client_secret: input.clientSecret } : {}),
        pkce_required: !web,
      },
    },
    settings: {
      app: {},
      oauthClient: {
        client_uri: null,
        logo_uri: null,
        redirect_uris: input.redirectUris,
        post_logout_redirect_uris: input.postLogoutRedirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code', 'refresh_token', ...(input.grantTypes ?? [])],
        application_type: input.kind,
        consent_method: 'REQUIRED',
        issuer_mode: 'DYNAMIC',
      },
    },
  };
}

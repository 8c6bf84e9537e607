import type { AppDoc, GroupDoc, JsonObject } from './store/types.js';

/** New resource documents with Okta's defaults, shared by the API routes and the demo seed. */

export function newGroupDoc(id: string, profile: GroupDoc['profile'], now: string): GroupDoc {
  return { id, created: now, lastUpdated: now, lastMembershipUpdated: now, objectClass: ['okta:user_group'], type: 'OKTA_GROUP', profile };
}

export function newServiceAppDoc(input: { id: string; label: string; active: boolean; jwks: JsonObject[]; oauthSettings?: JsonObject }, now: string): AppDoc {
  return {
    id: input.id,
    name: 'oidc_client',
    label: input.label,
    status: input.active ? 'ACTIVE' : 'INACTIVE',
    signOnMode: 'OPENID_CONNECT',
    created: now,
    lastUpdated: now,
    features: [],
    visibility: { autoSubmitToolbar: false, hide: { iOS: true, web: true }, appLinks: { oidc_client_link: false } },
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    // Okta uses the app id as the OAuth client_id.
    credentials: { oauthClient: { client_id: input.id, token_endpoint_auth_method: 'private_key_jwt', autoKeyRotation: false } },
    settings: { app: {}, oauthClient: oauthClientSettings(input.jwks, input.oauthSettings ?? {}) },
  };
}

export function oauthClientSettings(jwks: JsonObject[], given: JsonObject): AppDoc['settings']['oauthClient'] {
  return {
    application_type: given.application_type ?? 'service',
    grant_types: Array.isArray(given.grant_types) ? given.grant_types : ['client_credentials'],
    response_types: Array.isArray(given.response_types) ? given.response_types : ['token'],
    consent_method: 'REQUIRED',
    issuer_mode: 'DYNAMIC',
    jwks: { keys: jwks },
  };
}

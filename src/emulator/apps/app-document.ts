/**
 * Builds the stored app document from a create or update request of any sign-on mode, with the
 * defaults Okta fills in (visibility, accessibility, user name template, notes) and the
 * credentials the mode implies (generated OAuth client secret, SAML / WS-Fed signing key id).
 */
import { isObject } from '../http.js';
import type { AppDoc, JsonObject } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { readOidcClient } from './oidc-client.js';
import { SIGN_ON_MODES, checkRequiredSettings, customAppName, isSignOnMode } from './sign-on-modes.js';

export interface AppRequestContext {
  id: string;
  now: string;
  active: boolean;
  /** The app being replaced by a PUT: its id, name, mode, creation time and generated credentials stay. */
  existing?: AppDoc;
  nameTaken: (name: string) => boolean;
}

const object = (value: unknown): JsonObject => (isObject(value) ? value : {});

export async function appFromRequest(body: JsonObject, context: AppRequestContext): Promise<AppDoc> {
  const issues = new ValidationIssues();
  const { existing } = context;
  issues.requireString(body.label, 'label');
  const mode = existing ? existing.signOnMode : body.signOnMode;
  if (!isSignOnMode(mode)) {
    issues.add('signOnMode', `Must be one of ${Object.keys(SIGN_ON_MODES).join(', ')}`);
    issues.throwIfAny();
    throw new Error('unreachable');
  }
  if (existing && body.signOnMode !== undefined && body.signOnMode !== existing.signOnMode) {
    issues.add('signOnMode', 'The sign-on mode of an app cannot be changed');
  }
  const rule = SIGN_ON_MODES[mode];
  const givenName = typeof body.name === 'string' && body.name !== '' ? body.name : undefined;
  if (rule.name && givenName && givenName !== rule.name) issues.add('name', `Apps with signOnMode ${mode} are named ${rule.name}`);
  const settings = object(body.settings);
  checkRequiredSettings(mode, settings, issues);
  const label = String(body.label ?? '');
  const name = existing?.name ?? rule.name ?? givenName ?? customAppName(label, context.nameTaken);
  const oidc = mode === 'OPENID_CONNECT' ? await readOidcClient(body, context.id, issues, existing?.credentials.oauthClient) : undefined;
  issues.throwIfAny();

  const givenCredentials = object(body.credentials);
  const { oauthClient: _ignored, ...otherCredentials } = givenCredentials;
  const generated = existing ? pickGenerated(existing) : rule.credentials();
  const credentials: AppDoc['credentials'] = {
    userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
    signing: {},
    ...generated,
    ...otherCredentials,
    ...(isObject(generated.signing) ? { signing: { ...object(otherCredentials.signing), ...generated.signing } } : {}),
    ...(oidc ? { oauthClient: oidc.credentials } : {}),
  };
  return {
    id: context.id,
    name,
    label,
    status: existing?.status ?? (context.active ? 'ACTIVE' : 'INACTIVE'),
    signOnMode: mode,
    created: existing?.created ?? context.now,
    lastUpdated: context.now,
    features: Array.isArray(body.features) ? body.features.filter((feature): feature is string => typeof feature === 'string') : [],
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { [appLinkName(name)]: true }, ...object(body.visibility) },
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null, ...object(body.accessibility) },
    credentials,
    settings: {
      ...settingsDefaults(),
      ...settings,
      app: object(settings.app),
      ...(mode === 'AUTO_LOGIN' || mode === 'SAML_2_0' ? { signOn: object(settings.signOn) } : {}),
      ...(oidc ? { oauthClient: oidc.settings } : {}),
    },
  };
}

/** Credentials Okta generated for the app, kept across a PUT that does not send them. */
function pickGenerated(app: AppDoc): JsonObject {
  const { signing, scheme, revealPassword } = app.credentials;
  return { ...(signing !== undefined ? { signing } : {}), ...(scheme !== undefined ? { scheme } : {}), ...(revealPassword !== undefined ? { revealPassword } : {}) };
}

function settingsDefaults(): JsonObject {
  return {
    implicitAssignment: false,
    inlineHookId: null,
    manualProvisioning: false,
    notes: { admin: null, enduser: null },
    notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } },
  };
}

/** The dashboard link of an app (`bookmark_link`, `oidc_client_link`, custom apps `<name>_link`). */
export function appLinkName(name: string): string {
  return `${name}_link`;
}

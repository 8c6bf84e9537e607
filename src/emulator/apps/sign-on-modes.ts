/**
 * What each sign-on mode of Okta's Apps API needs and implies: the fixed app `name` of its
 * template, the settings a create request must carry, and the credentials Okta generates.
 */
import { randomBase62 } from '../ids.js';
import { isObject } from '../http.js';
import type { JsonObject } from '../store/types.js';
import type { ValidationIssues } from '../validation.js';

export type SignOnMode = 'BOOKMARK' | 'BASIC_AUTH' | 'AUTO_LOGIN' | 'SAML_2_0' | 'WS_FEDERATION' | 'OPENID_CONNECT';

interface ModeRule {
  /** The template name Okta gives apps of this mode; undefined where the org names a custom app. */
  name?: string;
  /** Required settings, as `[section, field]` under `settings`. */
  required: [section: 'app' | 'signOn', field: string][];
  /** Credentials Okta adds besides the user name template. */
  credentials: () => JsonObject;
}

const signingKey = (): JsonObject => ({ kid: randomBase62(43) });

export const SIGN_ON_MODES: Record<SignOnMode, ModeRule> = {
  BOOKMARK: { name: 'bookmark', required: [['app', 'url']], credentials: () => ({}) },
  BASIC_AUTH: {
    name: 'template_basic_auth',
    required: [
      ['app', 'url'],
      ['app', 'authURL'],
    ],
    credentials: () => ({ scheme: 'EDIT_USERNAME_AND_PASSWORD', revealPassword: false }),
  },
  AUTO_LOGIN: { required: [['signOn', 'loginUrl']], credentials: () => ({ scheme: 'EDIT_USERNAME_AND_PASSWORD', revealPassword: false }) },
  SAML_2_0: {
    required: [
      ['signOn', 'ssoAcsUrl'],
      ['signOn', 'audience'],
    ],
    credentials: () => ({ signing: signingKey() }),
  },
  WS_FEDERATION: {
    name: 'template_wsfed',
    required: [
      ['app', 'realm'],
      ['app', 'wReplyURL'],
    ],
    credentials: () => ({ signing: signingKey() }),
  },
  OPENID_CONNECT: { name: 'oidc_client', required: [], credentials: () => ({}) },
};

export function isSignOnMode(value: unknown): value is SignOnMode {
  return typeof value === 'string' && Object.hasOwn(SIGN_ON_MODES, value);
}

/** Adds an issue for each required setting the request leaves out. */
export function checkRequiredSettings(mode: SignOnMode, settings: JsonObject, issues: ValidationIssues): void {
  for (const [section, field] of SIGN_ON_MODES[mode].required) {
    const holder = settings[section];
    issues.requireString(isObject(holder) ? holder[field] : undefined, `settings.${section}.${field}`);
  }
}

/** Okta names custom SAML and SWA apps after the org and the label, e.g. `gatehook_myapp_1`. */
export function customAppName(label: string, taken: (name: string) => boolean): string {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, 30) || 'app';
  let n = 1;
  while (taken(`gatehook_${slug}_${n}`)) n++;
  return `gatehook_${slug}_${n}`;
}

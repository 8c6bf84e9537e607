import type { EventHookFilter } from '../event-filters/filter.js';

/** Stored shapes of emulated resources: Okta's resource JSON without `_links`, which routes add per request. */

export type UserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

export type JsonObject = Record<string, unknown>;

export interface UserDoc {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: { id: string };
  profile: JsonObject & { login: string };
  credentials: {
    provider: { type: 'OKTA' | 'IMPORT'; name: string };
    /** `{}` when a password is set; Okta never returns the value. */
    password?: JsonObject;
    recovery_question?: { question: string };
    emails?: { value: string; status: string; type: string }[];
  };
}

export interface UserSecret {
  passwordHash?: string;
  /** Hashes of earlier passwords, newest first, for the password policy's history rule. */
  passwordHistory?: string[];
  recoveryAnswerHash?: string;
  failedLogins: number;
}

export interface GroupDoc {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  objectClass: string[];
  type: 'OKTA_GROUP';
  profile: JsonObject & { name: string; description?: string | null };
}

export type FactorType = 'token:software:totp' | 'sms' | 'call' | 'email' | 'question' | 'push';
export type FactorStatus = 'PENDING_ACTIVATION' | 'ACTIVE';

export interface FactorDoc {
  id: string;
  userId: string;
  factorType: FactorType;
  provider: 'OKTA' | 'GOOGLE';
  vendorName: string;
  status: FactorStatus;
  created: string;
  lastUpdated: string;
  profile: JsonObject;
}

export interface FactorSecret {
  /** base32 TOTP seed. */
  totpSecret?: string;
  /** Last accepted TOTP counter, so a code is accepted once. */
  lastTotpCounter?: number;
  pendingCodeHash?: string;
  pendingCodeExpiresAt?: string;
  /** Security question factor: hash of the normalised answer. */
  answerHash?: string;
  /** Push factor: when the pending activation (QR code) expires, and whether the device approved it. */
  pushActivation?: { expiresAt: string; approved: boolean; token: string };
  /** Push factor: verification transactions by id, newest last (expired ones are pruned). */
  pushTransactions?: { id: string; expiresAt: string; result: 'WAITING' | 'SUCCESS' | 'REJECTED' }[];
}

export interface SessionDoc {
  id: string;
  userId: string;
  login: string;
  createdAt: string;
  expiresAt: string;
  status: 'ACTIVE' | 'MFA_REQUIRED' | 'MFA_ENROLL';
  lastPasswordVerification: string | null;
  lastFactorVerification: string | null;
  amr: string[];
  idp: { id: string; type: 'OKTA' };
  mfaActive: boolean;
}

export interface LogActor {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
  detailEntry?: JsonObject | null;
}

export type LogTarget = LogActor;

export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  version: '0';
  severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  legacyEventType: string | null;
  displayMessage: string;
  actor: LogActor;
  client: JsonObject;
  device: null;
  authenticationContext: JsonObject;
  securityContext: JsonObject;
  outcome: { result: 'SUCCESS' | 'FAILURE' | 'SKIPPED' | 'ALLOW' | 'DENY' | 'CHALLENGE' | 'UNKNOWN'; reason: string | null };
  target: LogTarget[];
  transaction: { type: 'WEB' | 'JOB'; id: string; detail: JsonObject };
  debugContext: { debugData: JsonObject };
  request: { ipChain: JsonObject[] };
}

export interface HookChannelConfig {
  uri: string;
  headers?: { key: string; value: string }[];
  authScheme?: { type: string; key: string; value?: string };
  method?: string;
  /** OAUTH channels (inline hooks): how Okta gets the bearer token it sends. The client secret is write-only (HookSecret.authValue). */
  authType?: 'client_secret_post' | 'private_key_jwt';
  clientId?: string;
  clientSecret?: string;
  hookKeyId?: string;
  tokenUrl?: string;
  scope?: string;
}

export interface HookChannel {
  type: 'HTTP' | 'OAUTH';
  version: string;
  config: HookChannelConfig;
}

export interface InlineHookDoc {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  name: string;
  type: string;
  version: string;
  channel: HookChannel;
  created: string;
  lastUpdated: string;
}

export interface EventHookDoc {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  verificationStatus: 'UNVERIFIED' | 'VERIFIED';
  name: string;
  events: { type: 'EVENT_TYPE'; items: string[]; filter?: EventHookFilter };
  channel: HookChannel;
  created: string;
  createdBy: string;
  lastUpdated: string;
}

/** Write-only hook credential, kept apart from the document so it is never rendered. */
export interface HookSecret {
  authValue?: string;
}

/** `credentials.oauthClient` of an OPENID_CONNECT app, as Okta's app object has it. */
export interface AppOAuthCredentials {
  client_id: string;
  token_endpoint_auth_method: string;
  autoKeyRotation: boolean;
  /** client_secret_basic / client_secret_post apps; Okta shows it in the app object. */
  client_secret?: string;
  /** Web apps that must send a PKCE challenge too (public clients always must). */
  pkce_required?: boolean;
}

/**
 * An app instance of any sign-on mode (BOOKMARK, BASIC_AUTH, AUTO_LOGIN, SAML_2_0, WS_FEDERATION,
 * OPENID_CONNECT). Only OPENID_CONNECT apps have `credentials.oauthClient` and `settings.oauthClient`.
 */
export interface AppDoc {
  id: string;
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  signOnMode: string;
  created: string;
  lastUpdated: string;
  features: string[];
  visibility: JsonObject;
  accessibility: JsonObject;
  credentials: JsonObject & { oauthClient?: AppOAuthCredentials };
  settings: JsonObject & {
    app: JsonObject;
    oauthClient?: JsonObject & { jwks?: { keys: JsonObject[] } };
  };
}

export interface OutboxMessage {
  id: string;
  created: string;
  channel: 'sms' | 'call' | 'email';
  to: string;
  userId: string;
  factorId: string;
  code: string;
  message: string;
  /** Who delivered it: the telephony inline hook's provider, or Okta's own (the fallback). */
  provider: 'hook' | 'okta';
  /** The hook provider's transaction id, when it gave one. */
  transactionId?: string;
}

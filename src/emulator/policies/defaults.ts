/**
 * The policies a fresh Okta (Identity Engine) org has: one system "Default Policy" per type with
 * its default rule. System policies and rules can be edited but never deleted.
 */
import type { EmulatorDeps } from '../context.js';
import type { JsonObject } from '../store/types.js';
import { newPolicyId, newRuleId } from './ids.js';
import { policyTables } from './store.js';
import type { PolicyDoc, PolicyRuleDoc, PolicyType } from './types.js';
import { RULE_TYPE } from './types.js';

const DEFAULT_DESCRIPTION = 'The default policy applies in all situations if no other policy applies.';

interface DefaultPolicy {
  description: string;
  settings?: JsonObject;
  rule: { name: string; conditions: JsonObject | null; actions: JsonObject };
}

const ANYWHERE = { people: { users: { exclude: [] } }, network: { connection: 'ANYWHERE' } };

const DEFAULTS: Record<PolicyType, DefaultPolicy> = {
  OKTA_SIGN_ON: {
    description: DEFAULT_DESCRIPTION,
    rule: {
      name: 'Default Rule',
      conditions: { ...ANYWHERE, authContext: { authType: 'ANY' } },
      actions: {
        signon: {
          access: 'ALLOW',
          requireFactor: false,
          primaryFactor: 'PASSWORD_IDP_ANY_FACTOR',
          rememberDeviceByDefault: false,
          session: { usePersistentCookie: false, maxSessionIdleMinutes: 120, maxSessionLifetimeMinutes: 0 },
        },
      },
    },
  },
  PASSWORD: {
    description: DEFAULT_DESCRIPTION,
    settings: {
      password: {
        complexity: { minLength: 8, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 0, excludeUsername: true, excludeAttributes: [], dictionary: { common: { exclude: false } } },
        age: { maxAgeDays: 0, expireWarnDays: 0, minAgeMinutes: 0, historyCount: 4 },
        lockout: { maxAttempts: 10, autoUnlockMinutes: 0, userLockoutNotificationChannels: [], showLockoutFailures: false },
      },
      recovery: {
        factors: {
          recovery_question: { status: 'ACTIVE', properties: { complexity: { minLength: 4 } } },
          okta_email: { status: 'ACTIVE', properties: { recoveryToken: { tokenLifetimeMinutes: 60 } } },
          okta_sms: { status: 'INACTIVE' },
          okta_call: { status: 'INACTIVE' },
        },
      },
      delegation: { options: { skipUnlock: false } },
    },
    rule: {
      name: 'Default Rule',
      conditions: ANYWHERE,
      actions: { passwordChange: { access: 'ALLOW' }, selfServicePasswordReset: { access: 'ALLOW' }, selfServiceUnlock: { access: 'DENY' } },
    },
  },
  MFA_ENROLL: {
    description: DEFAULT_DESCRIPTION,
    settings: {
      type: 'AUTHENTICATORS',
      // A fresh Okta org answers NOT_ALLOWED for phone and security question (and has no Google
      // Authenticator); the emulator's org allows every factor it emulates, so local MFA flows work
      // without setup. Set NOT_ALLOWED to see Okta's refusals.
      authenticators: [
        { key: 'okta_email', enroll: { self: 'REQUIRED' } },
        { key: 'okta_password', enroll: { self: 'REQUIRED' } },
        { key: 'okta_verify', enroll: { self: 'OPTIONAL' } },
        { key: 'google_otp', enroll: { self: 'OPTIONAL' } },
        { key: 'phone_number', enroll: { self: 'OPTIONAL' } },
        { key: 'security_question', enroll: { self: 'OPTIONAL' } },
      ],
    },
    rule: { name: 'Default Rule', conditions: ANYWHERE, actions: { enroll: { self: 'CHALLENGE' } } },
  },
  ACCESS_POLICY: {
    description: 'Default authentication policy',
    rule: {
      name: 'Catch-all Rule',
      conditions: null,
      actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', type: 'ASSURANCE', reauthenticateIn: 'PT12H', constraints: [] } } },
    },
  },
  PROFILE_ENROLLMENT: {
    description: 'Default profile enrollment policy',
    rule: {
      name: 'Catch-all Rule',
      conditions: null,
      actions: {
        profileEnrollment: {
          access: 'ALLOW',
          preRegistrationInlineHooks: null,
          profileAttributes: [
            { name: 'email', label: 'Email', required: true },
            { name: 'firstName', label: 'First name', required: true },
            { name: 'lastName', label: 'Last name', required: true },
          ],
          targetGroupIds: null,
          // A fresh Okta org answers DENY (no sign-up); the emulator's org lets users register, which
          // is what a local registration hook needs. Set DENY to see Okta's default.
          unknownUserAction: 'REGISTER',
          activationRequirements: { emailVerification: false },
        },
      },
    },
  },
};

/** Creates the default policy and rule of every type the org does not have yet (at start-up). */
export function ensureDefaultPolicies(deps: EmulatorDeps): void {
  const now = deps.clock.now().toISOString();
  const tables = policyTables(deps.store.db);
  for (const [type, fact] of Object.entries(DEFAULTS) as [PolicyType, DefaultPolicy][]) {
    if (tables.policies.all("json_extract(doc, '$.type') = ? AND json_extract(doc, '$.system') = 1", [type]).length > 0) continue;
    const policy: PolicyDoc = {
      id: newPolicyId(),
      type,
      status: 'ACTIVE',
      name: 'Default Policy',
      description: fact.description,
      priority: 1,
      system: true,
      conditions: null,
      ...(fact.settings ? { settings: settingsFor(deps, type, fact.settings) } : {}),
      created: now,
      lastUpdated: now,
    };
    const rule: PolicyRuleDoc = {
      id: newRuleId(),
      policyId: policy.id,
      type: RULE_TYPE[type],
      status: 'ACTIVE',
      name: fact.rule.name,
      priority: 1,
      system: true,
      conditions: structuredClone(fact.rule.conditions),
      actions: structuredClone(fact.rule.actions),
      created: now,
      lastUpdated: now,
    };
    tables.policies.insert(policy);
    tables.rules.insert(rule);
  }
}

/** The org's lockout threshold is an emulator option; the default password policy states it. */
function settingsFor(deps: EmulatorDeps, type: PolicyType, settings: JsonObject): JsonObject {
  const copy = structuredClone(settings);
  if (type === 'PASSWORD') ((copy.password as JsonObject).lockout as JsonObject).maxAttempts = deps.settings.lockoutAttempts;
  return copy;
}

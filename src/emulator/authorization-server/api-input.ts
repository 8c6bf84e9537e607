/**
 * Reads and validates the Management API bodies of servers, scopes, claims, policies and rules;
 * every problem of a body is reported in one E0000001, as Okta does.
 */
import type { EmulatorDeps } from '../context.js';
import { isObject } from '../http.js';
import type { JsonObject } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { compileExpression, compileGroupFilter, ExpressionError } from './claim-values.js';
import { TOKEN_HOOK_TYPE } from './org-servers.js';
import type { AuthServerDoc, ClaimDoc, GroupFilterType, PolicyDoc, RuleDoc, ScopeDoc } from './store.js';

/** Claims Okta sets itself; a custom claim may not take their names. */
const PROTECTED_CLAIMS = new Set(['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'cid', 'uid', 'scp', 'ver', 'auth_time', 'amr', 'idp', 'nonce', 'at_hash', 'c_hash', 'azp']);
/** Grant types a rule may name (the emulator's token endpoint answers the first three of them). */
export const RULE_GRANT_TYPES = ['authorization_code', 'password', 'client_credentials', 'implicit', 'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange', 'urn:ietf:params:oauth:grant-type:saml2-bearer', 'interaction_code'];
const GROUP_FILTERS: readonly GroupFilterType[] = ['STARTS_WITH', 'EQUALS', 'CONTAINS', 'REGEX'];

function stringArray(value: unknown, field: string, issues: ValidationIssues, { required = false } = {}): string[] {
  if (value === undefined || value === null) {
    if (required) issues.add(field, 'The field cannot be left blank');
    return [];
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    issues.add(field, 'Must be an array of strings');
    return [];
  }
  if (required && value.length === 0) issues.add(field, 'The field cannot be left blank');
  return [...new Set(value as string[])];
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, field: string, issues: ValidationIssues): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  issues.add(field, `Must be one of ${allowed.join(', ')}`);
  return fallback;
}

function bool(value: unknown, fallback: boolean, field: string, issues: ValidationIssues): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  issues.add(field, 'Must be true or false');
  return fallback;
}

function integer(value: unknown, fallback: number, min: number, max: number, field: string, issues: ValidationIssues): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  issues.add(field, `Must be an integer from ${min} to ${max}`);
  return fallback;
}

const optionalText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function readServer(body: JsonObject, existing?: AuthServerDoc): Pick<AuthServerDoc, 'name' | 'description' | 'audiences' | 'issuerMode' | 'rotationMode'> {
  const issues = new ValidationIssues();
  issues.requireString(body.name, 'name');
  const audiences = stringArray(body.audiences, 'audiences', issues, { required: true });
  const issuerMode = oneOf(body.issuerMode, ['ORG_URL', 'CUSTOM_URL', 'DYNAMIC'] as const, existing?.issuerMode ?? 'ORG_URL', 'issuerMode', issues);
  const signing = isObject(body.credentials) && isObject(body.credentials.signing) ? body.credentials.signing : {};
  const rotationMode = oneOf(signing.rotationMode, ['AUTO', 'MANUAL'] as const, existing?.rotationMode ?? 'AUTO', 'credentials.signing.rotationMode', issues);
  issues.throwIfAny();
  return { name: String(body.name), description: optionalText(body.description) ?? existing?.description ?? '', audiences, issuerMode, rotationMode };
}

export function readScope(body: JsonObject, existing?: ScopeDoc): Omit<ScopeDoc, 'id' | 'serverId' | 'system'> {
  const issues = new ValidationIssues();
  if (issues.requireString(body.name, 'name')) {
    if (!/^[\w.:/-]{1,255}$/.test(String(body.name))) issues.add('name', 'A scope name may use letters, digits and _ . : / - only');
    if (existing?.system && body.name !== existing.name) issues.add('name', 'The name of a system scope cannot be changed');
  }
  const scope = {
    name: String(body.name),
    ...(optionalText(body.displayName) !== undefined ? { displayName: optionalText(body.displayName) as string } : {}),
    ...(optionalText(body.description) !== undefined ? { description: optionalText(body.description) as string } : {}),
    consent: oneOf(body.consent, ['REQUIRED', 'IMPLICIT', 'ADMIN'] as const, 'IMPLICIT', 'consent', issues),
    default: bool(body.default, false, 'default', issues),
    metadataPublish: oneOf(body.metadataPublish, ['ALL_CLIENTS', 'NO_CLIENTS'] as const, 'NO_CLIENTS', 'metadataPublish', issues),
    optional: bool(body.optional, false, 'optional', issues),
  };
  issues.throwIfAny();
  return scope;
}

export function readClaim(body: JsonObject, knownScopes: ReadonlySet<string>): Omit<ClaimDoc, 'id' | 'serverId' | 'system'> {
  const issues = new ValidationIssues();
  if (issues.requireString(body.name, 'name') && PROTECTED_CLAIMS.has(String(body.name))) {
    issues.add('name', `'${String(body.name)}' is a claim Okta sets itself`);
  }
  const claimType = oneOf(body.claimType, ['RESOURCE', 'IDENTITY'] as const, 'RESOURCE', 'claimType', issues);
  if (body.claimType === undefined) issues.add('claimType', 'The field cannot be left blank');
  const valueType = oneOf(body.valueType, ['EXPRESSION', 'GROUPS'] as const, 'EXPRESSION', 'valueType', issues);
  const value = typeof body.value === 'string' ? body.value : '';
  let groupFilterType: GroupFilterType | undefined;
  if (issues.requireString(body.value, 'value')) {
    try {
      if (valueType === 'GROUPS') {
        groupFilterType = oneOf(body.group_filter_type, GROUP_FILTERS, 'STARTS_WITH', 'group_filter_type', issues);
        if (body.group_filter_type === undefined) issues.add('group_filter_type', 'The field cannot be left blank for a GROUPS claim');
        compileGroupFilter(groupFilterType, value);
      } else compileExpression(value);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      issues.add('value', error.message);
    }
  }
  const conditions = isObject(body.conditions) ? body.conditions : {};
  const scopes = stringArray(conditions.scopes, 'conditions.scopes', issues);
  for (const scope of scopes) if (!knownScopes.has(scope)) issues.add('conditions.scopes', `The scope '${scope}' does not exist on this authorization server`);
  const claim = {
    name: String(body.name),
    status: oneOf(body.status, ['ACTIVE', 'INACTIVE'] as const, 'ACTIVE', 'status', issues),
    claimType,
    valueType,
    value,
    // Access token claims are always included (Okta ignores the flag for them).
    alwaysIncludeInToken: claimType === 'RESOURCE' ? true : bool(body.alwaysIncludeInToken, true, 'alwaysIncludeInToken', issues),
    scopes,
    ...(groupFilterType ? { groupFilterType } : {}),
  };
  issues.throwIfAny();
  return claim;
}

export function readPolicy(body: JsonObject): Pick<PolicyDoc, 'name' | 'description' | 'status' | 'clients'> & { priority?: number } {
  const issues = new ValidationIssues();
  issues.requireString(body.name, 'name');
  issues.requireString(body.description, 'description');
  if (body.type !== undefined && body.type !== 'OAUTH_AUTHORIZATION_POLICY') issues.add('type', 'Must be OAUTH_AUTHORIZATION_POLICY');
  const conditions = isObject(body.conditions) ? body.conditions : {};
  const clients = stringArray(isObject(conditions.clients) ? conditions.clients.include : undefined, 'conditions.clients.include', issues, { required: true });
  const priority = body.priority === undefined || body.priority === null ? undefined : integer(body.priority, 1, 1, 1_000_000, 'priority', issues);
  const status = oneOf(body.status, ['ACTIVE', 'INACTIVE'] as const, 'ACTIVE', 'status', issues);
  issues.throwIfAny();
  return { name: String(body.name), description: String(body.description), status, clients, ...(priority !== undefined ? { priority } : {}) };
}

const MINUTES_PER_DAY = 1440;
const FIVE_YEARS_MINUTES = 5 * 365 * MINUTES_PER_DAY;

export function readRule(deps: Pick<EmulatorDeps, 'store'>, body: JsonObject): Pick<RuleDoc, 'name' | 'status' | 'grantTypes' | 'scopes' | 'people' | 'token'> & { priority?: number } {
  const issues = new ValidationIssues();
  issues.requireString(body.name, 'name');
  if (body.type !== undefined && body.type !== 'RESOURCE_ACCESS') issues.add('type', 'Must be RESOURCE_ACCESS');
  const conditions = isObject(body.conditions) ? body.conditions : {};
  const grantTypes = stringArray(isObject(conditions.grantTypes) ? conditions.grantTypes.include : undefined, 'conditions.grantTypes.include', issues, { required: true });
  for (const grant of grantTypes) if (!RULE_GRANT_TYPES.includes(grant)) issues.add('conditions.grantTypes.include', `Unknown grant type '${grant}'`);
  const scopes = stringArray(isObject(conditions.scopes) ? conditions.scopes.include : undefined, 'conditions.scopes.include', issues, { required: true });
  const people = isObject(conditions.people) ? conditions.people : {};
  const part = (name: 'users' | 'groups') => {
    const value = isObject(people[name]) ? people[name] : {};
    return {
      include: stringArray(value.include, `conditions.people.${name}.include`, issues),
      exclude: stringArray(value.exclude, `conditions.people.${name}.exclude`, issues),
    };
  };
  const users = part('users');
  const groups = part('groups');
  // A rule without a people condition applies to everyone, as a new rule in the Admin Console does.
  if (users.include.length === 0 && groups.include.length === 0 && !isObject(conditions.people)) groups.include.push('EVERYONE');
  const actions = isObject(body.actions) ? body.actions : {};
  const token = isObject(actions.token) ? actions.token : {};
  const access = integer(token.accessTokenLifetimeMinutes, 60, 5, MINUTES_PER_DAY, 'actions.token.accessTokenLifetimeMinutes', issues);
  const refresh = integer(token.refreshTokenLifetimeMinutes, 0, 0, FIVE_YEARS_MINUTES, 'actions.token.refreshTokenLifetimeMinutes', issues);
  if (refresh !== 0 && refresh < access) issues.add('actions.token.refreshTokenLifetimeMinutes', 'Must be 0 (unlimited) or at least the access token lifetime');
  const window = integer(token.refreshTokenWindowMinutes, 10080, 10, FIVE_YEARS_MINUTES, 'actions.token.refreshTokenWindowMinutes', issues);
  let inlineHookId: string | undefined;
  if (token.inlineHook !== undefined && token.inlineHook !== null) {
    const id = isObject(token.inlineHook) ? token.inlineHook.id : undefined;
    const hook = typeof id === 'string' ? deps.store.inlineHooks.get(id) : undefined;
    if (!hook || hook.type !== TOKEN_HOOK_TYPE) issues.add('actions.token.inlineHook.id', 'Must be the id of a token inline hook (com.okta.oauth2.tokens.transform)');
    else inlineHookId = hook.id;
  }
  const priority = body.priority === undefined || body.priority === null ? undefined : integer(body.priority, 1, 1, 1_000_000, 'priority', issues);
  const status = oneOf(body.status, ['ACTIVE', 'INACTIVE'] as const, 'ACTIVE', 'status', issues);
  issues.throwIfAny();
  return {
    name: String(body.name),
    status,
    grantTypes,
    scopes,
    people: { users, groups },
    token: { accessTokenLifetimeMinutes: access, refreshTokenLifetimeMinutes: refresh, refreshTokenWindowMinutes: window, ...(inlineHookId ? { inlineHookId } : {}) },
    ...(priority !== undefined ? { priority } : {}),
  };
}

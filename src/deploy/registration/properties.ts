/**
 * The registration resource's properties as CloudFormation delivers them (every scalar a string),
 * checked once so a wrong template fails with the property's name instead of half-registering.
 */
import type { InlineHookType } from '../../handlers/core/types.js';
import { FAILURE_POLICY } from '../../emulator/hook-calls/failure-policy.js';

export interface RegistrationProperties {
  readonly orgCredentialsSecretId: string;
  /** Okta hook names are `<namePrefix> <name>`. */
  readonly namePrefix: string;
  readonly authHeader: string;
  readonly inlineHooks: readonly { name: string; type: InlineHookType; url: string; secretId: string }[];
  readonly eventHook?: { name: string; url: string; secretId: string; eventTypes: string[]; filter?: string } | undefined;
}

export class RegistrationPropertiesError extends Error {
  override readonly name = 'RegistrationPropertiesError';
}

const INLINE_TYPES = Object.keys(FAILURE_POLICY) as InlineHookType[];
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function text(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value.trim() === '') throw new RegistrationPropertiesError(`${where}.${key} must be a non-empty string`);
  return value;
}

function httpsUrl(record: Record<string, unknown>, key: string, where: string): string {
  const value = text(record, key, where);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RegistrationPropertiesError(`${where}.${key} is not a URL`);
  }
  // Okta calls hooks over HTTPS only; http is let through for a loopback org emulator.
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new RegistrationPropertiesError(`${where}.${key} must be an https URL`);
  return value;
}

export function readRegistrationProperties(raw: unknown, where: string): RegistrationProperties {
  if (!isRecord(raw)) throw new RegistrationPropertiesError(`${where} must be an object`);
  const inline = raw.InlineHooks ?? [];
  if (!Array.isArray(inline)) throw new RegistrationPropertiesError(`${where}.InlineHooks must be a list`);
  const inlineHooks = inline.map((hook, index) => {
    const at = `${where}.InlineHooks[${index}]`;
    if (!isRecord(hook)) throw new RegistrationPropertiesError(`${at} must be an object`);
    const type = text(hook, 'Type', at);
    if (!INLINE_TYPES.includes(type as InlineHookType)) throw new RegistrationPropertiesError(`${at}.Type must be one of ${INLINE_TYPES.join(', ')}`);
    return { name: text(hook, 'Name', at), type: type as InlineHookType, url: httpsUrl(hook, 'Url', at), secretId: text(hook, 'SecretId', at) };
  });
  const names = inlineHooks.map((hook) => hook.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) throw new RegistrationPropertiesError(`${where}.InlineHooks names "${twice}" twice`);
  let eventHook: RegistrationProperties['eventHook'];
  if (raw.EventHook !== undefined) {
    const at = `${where}.EventHook`;
    if (!isRecord(raw.EventHook)) throw new RegistrationPropertiesError(`${at} must be an object`);
    const types = raw.EventHook.EventTypes;
    if (!Array.isArray(types) || types.length === 0 || !types.every((item) => typeof item === 'string' && item !== '')) {
      throw new RegistrationPropertiesError(`${at}.EventTypes must be a non-empty list of event types`);
    }
    const filter = raw.EventHook.Filter;
    if (filter !== undefined && (typeof filter !== 'string' || filter.trim() === '')) throw new RegistrationPropertiesError(`${at}.Filter must be a non-empty string when set`);
    eventHook = { name: text(raw.EventHook, 'Name', at), url: httpsUrl(raw.EventHook, 'Url', at), secretId: text(raw.EventHook, 'SecretId', at), eventTypes: types as string[], ...(filter ? { filter } : {}) };
  }
  if (inlineHooks.length === 0 && !eventHook) throw new RegistrationPropertiesError(`${where} names no hook to register`);
  return {
    orgCredentialsSecretId: text(raw, 'OrgCredentialsSecretId', where),
    namePrefix: raw.NamePrefix === undefined ? 'gatehook' : text(raw, 'NamePrefix', where),
    authHeader: raw.AuthHeader === undefined ? 'Authorization' : text(raw, 'AuthHeader', where),
    inlineHooks,
    eventHook,
  };
}

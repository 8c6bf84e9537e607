/**
 * Custom profile attributes: reading their definitions (schema updates) and checking profile
 * values against them (profile writes), with Okta's JSON-schema subset.
 */
import { isObject } from '../http.js';
import type { JsonObject } from '../store/types.js';
import type { ValidationIssues } from '../validation.js';

const TYPES = ['string', 'boolean', 'number', 'integer', 'array'] as const;
const ITEM_TYPES = ['string', 'boolean', 'number', 'integer'] as const;
export type AttributeType = (typeof TYPES)[number];

export interface CustomAttribute extends JsonObject {
  title: string;
  type: AttributeType;
}

export const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

function scalarMatches(type: string, value: unknown): boolean {
  if (type === 'string') return typeof value === 'string';
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (type === 'integer') return Number.isInteger(value);
  return false;
}

function optionalInteger(raw: JsonObject, key: string, field: string, issues: ValidationIssues): void {
  const value = raw[key];
  if (value !== undefined && value !== null && (!Number.isInteger(value) || (value as number) < 0)) issues.add(`${field}.${key}`, 'must be a non-negative integer');
}

/** Reads one custom attribute definition; undefined (with issues added) when it is not usable. */
export function readCustomAttribute(name: string, raw: unknown, issues: ValidationIssues): CustomAttribute | undefined {
  const field = `definitions.custom.properties.${name}`;
  if (!isObject(raw)) {
    issues.add(field, 'must be an object (or null to remove the attribute)');
    return undefined;
  }
  const type = raw.type;
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
    issues.add(`${field}.type`, `must be one of ${TYPES.join(', ')}`);
    return undefined;
  }
  if (typeof raw.title !== 'string' || raw.title.trim() === '') issues.add(`${field}.title`, 'The field cannot be left blank');
  if (type === 'array') {
    const itemType = isObject(raw.items) ? raw.items.type : undefined;
    if (typeof itemType !== 'string' || !(ITEM_TYPES as readonly string[]).includes(itemType)) issues.add(`${field}.items.type`, `must be one of ${ITEM_TYPES.join(', ')}`);
  }
  for (const key of ['minLength', 'maxLength']) optionalInteger(raw, key, field, issues);
  for (const key of ['minimum', 'maximum']) {
    if (raw[key] !== undefined && raw[key] !== null && typeof raw[key] !== 'number') issues.add(`${field}.${key}`, 'must be a number');
  }
  if (raw.enum !== undefined && raw.enum !== null) {
    const scalar = type === 'array' ? String((raw.items as JsonObject | undefined)?.type) : type;
    if (!Array.isArray(raw.enum) || raw.enum.some((value) => !scalarMatches(scalar, value))) issues.add(`${field}.enum`, `must be an array of ${scalar} values`);
  }
  if (raw.required !== undefined && typeof raw.required !== 'boolean') issues.add(`${field}.required`, 'must be true or false');
  if (raw.unique !== undefined && raw.unique !== 'UNIQUE_VALIDATED' && raw.unique !== 'NOT_UNIQUE') issues.add(`${field}.unique`, 'must be UNIQUE_VALIDATED or NOT_UNIQUE');
  if (typeof raw.title !== 'string') return undefined;
  const attribute: CustomAttribute = {
    title: raw.title,
    type: type as AttributeType,
    ...Object.fromEntries(
      ['description', 'required', 'items', 'minLength', 'maxLength', 'minimum', 'maximum', 'enum', 'oneOf', 'unique', 'externalName', 'externalNamespace'].filter((key) => raw[key] !== undefined).map((key) => [key, raw[key]]),
    ),
    mutability: typeof raw.mutability === 'string' ? raw.mutability : 'READ_WRITE',
    scope: typeof raw.scope === 'string' ? raw.scope : 'NONE',
    permissions: Array.isArray(raw.permissions) ? raw.permissions : [{ principal: 'SELF', action: 'READ_ONLY' }],
    master: isObject(raw.master) ? raw.master : { type: 'PROFILE_MASTER' },
  };
  return attribute;
}

/** Why `value` does not fit `attribute`, in Okta's words where known; undefined when it fits. */
export function attributeViolation(name: string, attribute: CustomAttribute, value: unknown): string | undefined {
  if (value === null) return undefined;
  if (attribute.type === 'array') {
    const itemType = String((attribute.items as JsonObject | undefined)?.type ?? 'string');
    if (!Array.isArray(value) || value.some((item) => !scalarMatches(itemType, item))) return `Property '${name}' must be an array of ${itemType} values`;
  } else if (!scalarMatches(attribute.type, value)) {
    return `Property '${name}' must be of type ${attribute.type}`;
  }
  if (typeof value === 'string') {
    if (typeof attribute.minLength === 'number' && value.length < attribute.minLength) return `Property '${name}' must be at least ${attribute.minLength} characters long`;
    if (typeof attribute.maxLength === 'number' && value.length > attribute.maxLength) return `Property '${name}' must be at most ${attribute.maxLength} characters long`;
  }
  if (typeof value === 'number') {
    if (typeof attribute.minimum === 'number' && value < attribute.minimum) return `Property '${name}' must be at least ${attribute.minimum}`;
    if (typeof attribute.maximum === 'number' && value > attribute.maximum) return `Property '${name}' must be at most ${attribute.maximum}`;
  }
  if (Array.isArray(attribute.enum)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((item) => !(attribute.enum as unknown[]).includes(item))) return `Property '${name}' does not match one of the allowed values`;
  }
  return undefined;
}

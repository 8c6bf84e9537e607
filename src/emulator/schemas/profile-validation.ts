/**
 * Profile writes checked against the org's schema as Okta checks them: an attribute the schema
 * does not define, a value of the wrong type, a required custom attribute missing. All problems
 * come back in one E0000001 with an errorCause each.
 */
import type { EmulatorDeps } from '../context.js';
import { OktaApiError } from '../errors.js';
import { attributeViolation } from './attribute.js';
import { baseAttributeNames, type SchemaKind } from './base.js';
import { groupSchema, userSchemaFor } from './org-schemas.js';
import { schemaKey, schemaTables, type SchemaDoc } from './store.js';

/** `key` is the user type id for users, the app id for app users. */
function schemaOf(deps: EmulatorDeps, kind: SchemaKind, key: string): SchemaDoc | undefined {
  if (kind === 'user') return userSchemaFor(deps, key);
  if (kind === 'group') return groupSchema(deps);
  return schemaTables(deps.store.db).schemas.get(schemaKey('app', key));
}

/** Every attribute a profile of this kind (and user type) may hold. */
export function knownAttributes(deps: EmulatorDeps, kind: SchemaKind, typeId = ''): string[] {
  return [...baseAttributeNames(kind), ...Object.keys(schemaOf(deps, kind, typeId)?.custom ?? {})];
}

/** Throws E0000001 listing every way `profile` breaks the schema. Base attributes' own rules are checked by their owners. */
export function checkProfileAgainstSchema(deps: EmulatorDeps, kind: SchemaKind, profile: Record<string, unknown>, typeId = ''): void {
  const schema = schemaOf(deps, kind, typeId);
  // Before the org's schemas exist (a store opened without routes) only the base rules apply.
  if (!schema) return;
  const base = new Set(baseAttributeNames(kind));
  const causes: { field: string; message: string }[] = [];
  for (const [name, value] of Object.entries(profile)) {
    if (base.has(name)) {
      if (value !== null && typeof value !== 'string') causes.push({ field: name, message: `Property '${name}' must be of type string` });
      continue;
    }
    const attribute = schema.custom[name];
    if (!attribute) {
      causes.push({ field: name, message: `Property name '${name}' is not defined in profile` });
      continue;
    }
    const violation = attributeViolation(name, attribute, value);
    if (violation) causes.push({ field: name, message: violation });
  }
  for (const [name, attribute] of Object.entries(schema.custom)) {
    const value = profile[name];
    if (attribute.required === true && (value === undefined || value === null || value === '')) causes.push({ field: name, message: `${name}: The field cannot be left blank` });
  }
  const first = causes[0];
  if (first) throw new OktaApiError('E0000001', first.field, causes.map((cause) => cause.message));
}

/**
 * The base (Okta-defined) profile attributes of the user and group schemas, as a fresh org
 * renders them in `definitions.base`. Only custom attributes can be added, changed or removed.
 */
import type { JsonObject } from '../store/types.js';

interface BaseAttribute {
  title: string;
  required?: boolean;
  format?: string;
  minLength?: number;
  maxLength?: number;
}

const USER_BASE: Record<string, BaseAttribute> = {
  login: { title: 'Username', required: true, minLength: 5, maxLength: 100 },
  firstName: { title: 'First name', required: true, minLength: 1, maxLength: 50 },
  lastName: { title: 'Last name', required: true, minLength: 1, maxLength: 50 },
  middleName: { title: 'Middle name' },
  honorificPrefix: { title: 'Honorific prefix' },
  honorificSuffix: { title: 'Honorific suffix' },
  email: { title: 'Primary email', required: true, format: 'email' },
  title: { title: 'Title' },
  displayName: { title: 'Display name' },
  nickName: { title: 'Nickname' },
  profileUrl: { title: 'Profile Url', format: 'uri' },
  secondEmail: { title: 'Secondary email', format: 'email' },
  mobilePhone: { title: 'Mobile phone', maxLength: 100 },
  primaryPhone: { title: 'Primary phone', maxLength: 100 },
  streetAddress: { title: 'Street address' },
  city: { title: 'City' },
  state: { title: 'State' },
  zipCode: { title: 'Zip code' },
  countryCode: { title: 'Country code', format: 'country-code' },
  postalAddress: { title: 'Postal Address' },
  preferredLanguage: { title: 'Preferred language', format: 'language-code' },
  locale: { title: 'Locale', format: 'locale' },
  timezone: { title: 'Time zone', format: 'timezone' },
  userType: { title: 'User type' },
  employeeNumber: { title: 'Employee number' },
  costCenter: { title: 'Cost center' },
  organization: { title: 'Organization' },
  division: { title: 'Division' },
  department: { title: 'Department' },
  managerId: { title: 'ManagerId' },
  manager: { title: 'Manager' },
};

const GROUP_BASE: Record<string, BaseAttribute> = {
  name: { title: 'Name', required: true, maxLength: 255 },
  description: { title: 'Description', maxLength: 1024 },
};

export type SchemaKind = 'user' | 'group' | 'app';

/**
 * An app user schema's base attributes come from the app's integration; the custom apps the
 * emulator holds (OIDC, bookmark, SWA, SAML) start with none.
 */
const BASE: Record<SchemaKind, Record<string, BaseAttribute>> = { user: USER_BASE, group: GROUP_BASE, app: {} };

export function baseAttributeNames(kind: SchemaKind): string[] {
  return Object.keys(BASE[kind]);
}

export function baseRequired(kind: SchemaKind): string[] {
  return Object.entries(BASE[kind]).filter(([, attribute]) => attribute.required).map(([name]) => name);
}

/** `definitions.base` as Okta renders it. */
export function baseDefinition(kind: SchemaKind): JsonObject {
  const properties: JsonObject = {};
  for (const [name, attribute] of Object.entries(BASE[kind])) {
    properties[name] = {
      title: attribute.title,
      type: 'string',
      ...(attribute.required ? { required: true } : {}),
      ...(attribute.format ? { format: attribute.format } : {}),
      ...(attribute.minLength !== undefined ? { minLength: attribute.minLength } : {}),
      ...(attribute.maxLength !== undefined ? { maxLength: attribute.maxLength } : {}),
      mutability: 'READ_WRITE',
      scope: 'NONE',
      permissions: [{ principal: 'SELF', action: name === 'login' ? 'READ_ONLY' : 'READ_WRITE' }],
      master: { type: 'PROFILE_MASTER' },
    };
  }
  return { id: '#base', type: 'object', properties, required: baseRequired(kind) };
}

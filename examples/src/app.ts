/**
 * What `gatehook dev --app src/app.ts` serves: one hook of each inline type at /hooks/<type>, and the event
 * hook at /hooks/events. Each hook is also deployed as its own Lambda (src/lambda/), so this file is only
 * the local wiring.
 */
import type { HookDefinitions } from 'gatehook/runtime/app';
import { passwordImportExample } from './hooks/password-import.js';
import { registrationExample } from './hooks/registration.js';
import { samlExample } from './hooks/saml.js';
import { telephonyExample } from './hooks/telephony.js';
import { tokenExample } from './hooks/token.js';
import { userImportExample } from './hooks/user-import.js';

export const hooks = {
  token: tokenExample,
  registration: registrationExample,
  'password-import': passwordImportExample,
  'user-import': userImportExample,
  saml: samlExample,
  telephony: telephonyExample,
} satisfies HookDefinitions;

export { events } from './events.js';

/**
 * The example app `npm run dev` serves: one hook of each inline type, built from the definitions in
 * examples/hooks/. `gatehook dev` reads `hooks` and `sampleRequests`; `createExampleApp` is the same
 * app for any other host.
 */
import { samplePasswordImportRequest } from '../src/handlers/password-import/index.js';
import { sampleRegistrationRequest } from '../src/handlers/registration/index.js';
import { sampleSamlRequest } from '../src/handlers/saml/index.js';
import { sampleTelephonyRequest } from '../src/handlers/telephony/index.js';
import { sampleTokenRequest } from '../src/handlers/token/index.js';
import { sampleUserImportRequest } from '../src/handlers/user-import/index.js';
import { createHookApp, type CreateHookAppOptions, type HookDefinitions } from '../src/runtime/app.js';
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

export const sampleRequests = {
  token: () => sampleTokenRequest(),
  registration: () => sampleRegistrationRequest(),
  'password-import': () => samplePasswordImportRequest(),
  'user-import': () => sampleUserImportRequest(),
  saml: () => sampleSamlRequest(),
  telephony: () => sampleTelephonyRequest(),
};

/** The event hook side, for `gatehook dev` (receiver at /hooks/events, SQLite queue, in-process worker). */
export { createLocalEvents } from './events.js';

export function createExampleApp(options: Omit<CreateHookAppOptions, 'hooks'>) {
  return createHookApp({ ...options, hooks });
}

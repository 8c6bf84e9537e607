/** A realistic request body of every inline hook type, by type: for tests, the CLI, rotation probes and the emulator. */
import type { InlineHookType } from './core/types.js';
import { samplePasswordImportRequest } from './password-import/index.js';
import { sampleRegistrationRequest } from './registration/index.js';
import { sampleSamlRequest } from './saml/index.js';
import { sampleTelephonyRequest } from './telephony/index.js';
import { sampleTokenRequest } from './token/index.js';
import { sampleUserImportRequest } from './user-import/index.js';

export const SAMPLE_REQUESTS = {
  token: sampleTokenRequest,
  registration: sampleRegistrationRequest,
  'password-import': samplePasswordImportRequest,
  'user-import': sampleUserImportRequest,
  saml: sampleSamlRequest,
  telephony: sampleTelephonyRequest,
} as const satisfies Readonly<Record<InlineHookType, () => unknown>>;

/**
 * The six inline hook types. Each factory takes your handler and returns an `InlineHookDefinition` the
 * runtime serves; each `sample*Request` builds a realistic request body for tests, the CLI and the emulator.
 */
export { tokenHook, sampleTokenRequest, RESERVED_CLAIMS, MIN_LIFETIME_SECONDS, MAX_LIFETIME_SECONDS } from './token/index.js';
export type { TokenHookHandler, TokenEvent, TokenView, AccessTokenView, TokenApi, TokenPatchApi, ClaimPath, TokenRequest } from './token/index.js';

export { registrationHook, sampleRegistrationRequest } from './registration/index.js';
export type {
  RegistrationHookHandler,
  RegistrationHookOptions,
  RegistrationEvent,
  SelfServiceRegistrationEvent,
  ProgressiveProfileEvent,
  RegistrationApi,
  RegistrationRequest,
  RegistrationRequestType,
} from './registration/index.js';

export { passwordImportHook, samplePasswordImportRequest } from './password-import/index.js';
export type { PasswordImportHookHandler, PasswordImportEvent, PasswordImportApi, PasswordImportRequest, CredentialOutcome } from './password-import/index.js';

export { userImportHook, sampleUserImportRequest } from './user-import/index.js';
export type { UserImportHookHandler, UserImportEvent, UserImportApi, UserImportRequest, ImportResult } from './user-import/index.js';

export { samlHook, sampleSamlRequest } from './saml/index.js';
export type { SamlHookHandler, SamlEvent, SamlApi, AssertionApi, AssertionPath, AttributeOptions, AttributeValueInput, SamlRequest, SamlAssertion, SamlAttribute } from './saml/index.js';

export { telephonyHook, sampleTelephonyRequest, TELEPHONY_REQUEST_TYPES } from './telephony/index.js';
export type { TelephonyHookHandler, TelephonyHookOptions, TelephonyEvent, TelephonyApi, DeliveryReport, TelephonyRequest, TelephonyRequestType } from './telephony/index.js';

export { ContractViolationError, type ViolationSite } from './core/errors.js';
export { MAX_RESPONSE_BYTES } from './core/response.js';
export { escapeSegment, toPointer, type PointerSegment } from './core/pointer.js';
export type { CommonApi } from './core/common-api.js';
export type { ErrorCauseInput, PatchOp } from './core/draft.js';
export type { BaseEvent, ContextUser, OktaSession, OktaRequestInfo } from './core/envelope.js';
export type * from './core/types.js';
export { GatehookConfigError } from '../runtime/errors.js';

/** The CDK side of gatehook: the construct, its parts, and the esbuild settings every hook function is bundled with. */
export { GatehookHooks, type GatehookHooksProps, type HookRegistrationOptions, type InlineHookSpec, type EventHooksSpec } from './gatehook-hooks.js';
export { HookFunction, INLINE_HOOK_DEFAULTS, type HookFunctionProps } from './hook-function.js';
export { EventPipeline } from './event-pipeline.js';
export { HookRegistration, type HookRegistrationProps, type InlineHookTypeName } from './registration.js';
export { HookSecretRotation, type HookSecretRotationProps } from './rotation.js';
export { hookBundling, ESM_REQUIRE_BANNER, EXTERNAL_MODULES } from './bundling.js';
export { GatehookConfigError } from './errors.js';

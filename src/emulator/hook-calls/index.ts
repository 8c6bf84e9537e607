/** Okta's side of the hook protocol, for the emulator: calling hooks and applying their answers. */
export * from './channel.js';
export { callInlineHook, type CallInlineHookOptions, type InlineHookFailure, type InlineHookOutcome } from './call-inline-hook.js';
export { ChannelTokenCache, ChannelTokenError, type HookKeyResolver, type HookSigningKey } from './oauth-channel-token.js';
export { FAILURE_POLICY, DEFAULT_CALLBACK_ERROR, type FailurePolicy, type FailureEffect } from './failure-policy.js';
export * from './apply-token.js';
export * from './apply-registration.js';
export * from './apply-password-import.js';
export * from './apply-user-import.js';
export * from './apply-saml.js';
export * from './apply-telephony.js';
export * from './deliver-event-hook.js';
export * from './event-hook-dispatcher.js';
export * from './system-log.js';
export { judgeHookResponse, type Verdict } from './judge-response.js';
export { createOktaHookCaller, inlineHookTypeOf, toHttpChannel, type OktaHookCallerOptions } from './okta-hook-caller.js';

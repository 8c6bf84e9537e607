/**
 * The emulator's one way to reach hook endpoints: the `HookCaller` seam. Every flow (token,
 * registration, sign-in, import, SMS, SAML), `/execute`, event hook verification and event delivery
 * goes through `deps.hookCaller`, so a caller injected into `createEmulator` sees every call.
 * `createOktaHookCaller` is the default: Okta's calling rules (per-type retries, no redirects,
 * 256 KB cap, 3 s deadline, OAUTH channels) over real HTTP.
 */
import type { InlineHookType } from '../../handlers/core/types.js';
import type { EventHookDoc, HookChannel as StoredChannel, InlineHookDoc, LogEvent } from '../store/types.js';
import { callInlineHook, type CallInlineHookOptions } from './call-inline-hook.js';
import type { HttpChannel } from './channel.js';
import { deliverEvents, verifyEventHook } from './deliver-event-hook.js';
import { FAILURE_POLICY } from './failure-policy.js';
import { toOAuthChannel } from '../authorization-server/hook-keys.js';
import type { HookCallOutcome } from './outcome.js';

/**
 * How the emulator reaches hook endpoints. Hooks arrive with `channel.config.authScheme.value`
 * filled in (it is write-only in the API, so only this seam ever sees it).
 */
export interface HookCaller {
  /** Calls an inline hook with `payload`; the hook's `type` decides Okta's retry rule. */
  executeInlineHook(hook: InlineHookDoc, payload: unknown): Promise<HookCallOutcome>;
  /** Okta's one-time verification GET; ok when the endpoint echoed the challenge. */
  verifyEventHook(hook: EventHookDoc): Promise<HookCallOutcome>;
  /** POSTs one batch of System Log events; `eventId` is the delivery envelope's id. */
  deliverEvents(hook: EventHookDoc, events: LogEvent[], orgUrl: string): Promise<HookCallOutcome & { eventId?: string }>;
}

const TYPE_BY_EVENT_TYPE = new Map(
  (Object.entries(FAILURE_POLICY) as [InlineHookType, { eventType: string }][]).map(([type, policy]) => [policy.eventType, type]),
);

/** Our hook type for Okta's `type` string (`com.okta.oauth2.tokens.transform` -> `token`). */
export function inlineHookTypeOf(oktaType: string): InlineHookType | undefined {
  return TYPE_BY_EVENT_TYPE.get(oktaType);
}

/** The stored channel (with its write-only secret filled in) as the caller's channel. */
export function toHttpChannel(channel: StoredChannel): HttpChannel {
  const { uri, headers, authScheme, method } = channel.config;
  return {
    type: 'HTTP',
    version: channel.version,
    config: {
      uri,
      ...(method ? { method } : {}),
      ...(headers ? { headers } : {}),
      authScheme: authScheme?.value !== undefined ? { type: 'HEADER', key: authScheme.key, value: authScheme.value } : null,
    },
  };
}

export type OktaHookCallerOptions = Omit<CallInlineHookOptions, 'hookType'>;

export function createOktaHookCaller(options: OktaHookCallerOptions = {}): HookCaller {
  const eventOptions = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  return {
    async executeInlineHook(hook, payload) {
      const hookType = inlineHookTypeOf(hook.type);
      if (!hookType) return { ok: false, failure: 'http-status', message: `unknown inline hook type ${hook.type}`, attempts: 0, durationMs: 0 };
      // OAUTH channels get their bearer token first, signed with the org's hook key when they use private_key_jwt.
      const channel = hook.channel.type === 'OAUTH' ? toOAuthChannel(hook.channel) : toHttpChannel(hook.channel);
      return callInlineHook(channel, payload, { ...options, hookType });
    },
    verifyEventHook: (hook) => verifyEventHook(toHttpChannel(hook.channel), eventOptions),
    deliverEvents: (hook, events, orgUrl) => deliverEvents(toHttpChannel(hook.channel), events, hook.id, orgUrl, eventOptions),
  };
}

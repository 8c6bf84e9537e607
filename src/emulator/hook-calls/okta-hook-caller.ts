/**
 * The emulator's `HookCaller` seam implemented with Okta's full calling rules (per-type retries,
 * no redirects, 256 KB cap, OAUTH channels): pass `createOktaHookCaller()` as `hookCaller` to
 * `createEmulator`.
 */
import type { InlineHookType } from '../../handlers/core/types.js';
import type { HookCaller, InlineHookResult } from '../hook-caller.js';
import type { EventHookDoc, HookChannel as StoredChannel, InlineHookDoc } from '../store/types.js';
import { callInlineHook, type CallInlineHookOptions, type InlineHookOutcome } from './call-inline-hook.js';
import type { HttpChannel } from './channel.js';
import { verifyEventHook } from './deliver-event-hook.js';
import { FAILURE_POLICY } from './failure-policy.js';

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
  return {
    async verifyEventHook(hook: EventHookDoc): Promise<boolean> {
      const outcome = await verifyEventHook(toHttpChannel(hook.channel), {
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
      return outcome.ok;
    },
    async executeInlineHook(hook: InlineHookDoc, payload: unknown): Promise<InlineHookResult> {
      const hookType = inlineHookTypeOf(hook.type);
      if (!hookType) return { ok: false, reason: 'status', detail: `unknown inline hook type ${hook.type}` };
      return toInlineHookResult(await callInlineHook(toHttpChannel(hook.channel), payload, { ...options, hookType }));
    },
  };
}

function toInlineHookResult(outcome: InlineHookOutcome): InlineHookResult {
  if (outcome.ok) return { ok: true, status: outcome.status, body: outcome.body ?? null };
  const status = outcome.status !== undefined ? { status: outcome.status } : {};
  switch (outcome.failure) {
    case 'timeout':
      return { ok: false, reason: 'timeout', detail: outcome.message };
    case 'network':
    case 'channel-token':
      return { ok: false, reason: 'network', detail: outcome.message };
    case 'http-status':
    case 'redirect':
      return { ok: false, reason: 'status', ...status, detail: outcome.message };
    case 'invalid-json':
    case 'too-large':
      return { ok: false, reason: 'invalid_body', ...status, detail: outcome.message };
  }
}

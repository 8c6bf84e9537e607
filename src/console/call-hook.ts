import { callInlineHook } from '../emulator/hook-calls/call-inline-hook.js';
import type { HttpChannel } from '../emulator/hook-calls/channel.js';
import type { CallHook } from './options.js';

/** The default `callHook`: the emulator's own Okta-faithful caller, so the playground sees what Okta would. */
export const defaultCallHook: CallHook = async (type, url, auth, body) => {
  const channel: HttpChannel = {
    type: 'HTTP',
    version: '1.0.0',
    config: { uri: url, authScheme: auth ? { type: 'HEADER', key: auth.header, value: auth.value } : null },
  };
  const outcome = await callInlineHook(channel, body, { hookType: type });
  if (outcome.ok) return outcome;
  const { ok, failure, message, durationMs, attempts } = outcome;
  return { ok, failure, message, durationMs, attempts, ...(outcome.status !== undefined ? { status: outcome.status } : {}) };
};

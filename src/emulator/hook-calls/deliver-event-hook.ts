/**
 * Okta's side of event hooks: the one-time verification GET with its challenge, and the delivery
 * POST of a batch of System Log events. Both have the 3 s deadline and retry once after a 5xx, a
 * timeout or a network error, never after a 4xx.
 */
import type { LogEvent } from '../store/types.js';
import { channelHeaders, systemClock, type Clock, type FetchLike, type HttpChannel } from './channel.js';
import { exchangeFailure, HOOK_TIMEOUT_MS, httpAttempt, MAX_RESPONSE_BYTES, withOneRetry, type AttemptResult } from './http-attempt.js';
import type { HookCallFailure, HookCallOutcome } from './outcome.js';
import { isRecord } from './response-shape.js';

/** Names kept for callers of the event-hook side; the shape is the one `HookCallOutcome`. */
export type EventHookFailure = HookCallFailure;
export type EventHookCallOutcome = HookCallOutcome;

export interface EventHookCallOptions {
  fetch?: FetchLike;
  clock?: Clock;
  timeoutMs?: number;
}

/** The envelope Okta POSTs to an event hook. */
export interface EventHookEnvelope {
  eventType: 'com.okta.event_hook';
  eventTypeVersion: '1.0';
  cloudEventsVersion: '0.1';
  source: string;
  eventId: string;
  eventTime: string;
  contentType: 'application/json';
  data: { events: LogEvent[] };
}

export const VERIFICATION_HEADER = 'x-okta-verification-challenge';

export async function verifyEventHook(channel: HttpChannel, options: EventHookCallOptions = {}): Promise<EventHookCallOutcome> {
  const challenge = randomChallenge();
  const headers = channelHeaders(channel);
  headers.set('accept', 'application/json');
  headers.set(VERIFICATION_HEADER, challenge);
  return timed(options, async () => {
    const { result, attempts } = await withOneRetry(true, () => attempt(channel, { method: 'GET', headers }, options));
    const failed = classifyFailure(result);
    if (failed) return { ...failed, attempts };
    const { status, text } = result as Extract<AttemptResult, { kind: 'response' }>;
    if (echoesChallenge(text, challenge)) return { ok: true as const, status, attempts };
    return { ok: false, status, attempts, failure: 'challenge-mismatch', message: 'the response did not echo {"verification": <challenge>}' };
  });
}

export function buildDeliveryEnvelope(events: LogEvent[], hookId: string, orgUrl: string, clock: Clock = systemClock): EventHookEnvelope {
  return {
    eventType: 'com.okta.event_hook',
    eventTypeVersion: '1.0',
    cloudEventsVersion: '0.1',
    source: `${orgUrl.replace(/\/+$/, '')}/api/v1/eventHooks/${hookId}`,
    eventId: crypto.randomUUID(),
    eventTime: clock.now().toISOString(),
    contentType: 'application/json',
    data: { events },
  };
}

export async function deliverEvents(
  channel: HttpChannel,
  events: LogEvent[],
  hookId: string,
  orgUrl: string,
  options: EventHookCallOptions = {},
): Promise<EventHookCallOutcome & { eventId: string }> {
  const envelope = buildDeliveryEnvelope(events, hookId, orgUrl, options.clock);
  const headers = channelHeaders(channel);
  headers.set('accept', 'application/json');
  headers.set('content-type', 'application/json');
  const body = JSON.stringify(envelope);
  const outcome = await timed(options, async () => {
    const { result, attempts } = await withOneRetry(true, () => attempt(channel, { method: 'POST', headers, body }, options));
    const failed = classifyFailure(result);
    if (failed) return { ...failed, attempts };
    return { ok: true as const, status: (result as Extract<AttemptResult, { kind: 'response' }>).status, attempts };
  });
  return { ...outcome, eventId: envelope.eventId };
}

function attempt(channel: HttpChannel, init: RequestInit, options: EventHookCallOptions): Promise<AttemptResult> {
  return httpAttempt(channel.config.uri, init, {
    timeoutMs: options.timeoutMs ?? HOOK_TIMEOUT_MS,
    maxBytes: MAX_RESPONSE_BYTES,
    fetch: options.fetch ?? globalThis.fetch,
  });
}

function classifyFailure(result: AttemptResult): { ok: false; failure: HookCallFailure; message: string; status?: number } | undefined {
  const failed = exchangeFailure(result);
  return failed ? { ok: false, ...failed } : undefined;
}

async function timed<T extends object>(options: EventHookCallOptions, run: () => Promise<T>): Promise<T & { durationMs: number }> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now().getTime();
  const result = await run();
  return { ...result, durationMs: Math.max(0, clock.now().getTime() - startedAt) };
}

function echoesChallenge(text: string, challenge: string): boolean {
  try {
    const json: unknown = JSON.parse(text);
    return isRecord(json) && json.verification === challenge;
  } catch {
    return false;
  }
}

function randomChallenge(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Buffer.from(bytes).toString('base64url');
}

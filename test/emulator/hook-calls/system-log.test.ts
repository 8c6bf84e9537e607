import { describe, expect, it } from 'vitest';
import {
  eventHookDeliveryEvent,
  inlineHookExecutedEvent,
  inlineHookResponseProcessedEvent,
} from '../../../src/emulator/hook-calls/system-log.js';

const hook = { id: 'cal123', name: 'Token enricher', type: 'com.okta.oauth2.tokens.transform' };
const clock = { now: () => new Date('2026-01-02T03:04:05.678Z') };

describe('System Log builders', () => {
  it('inline_hook.executed records a failed call with its reason', () => {
    const event = inlineHookExecutedEvent(
      hook,
      { ok: false, failure: 'timeout', message: 'no response within the timeout', attempts: 1, durationMs: 3001 },
      { clock, transactionId: 'req1' },
    );
    expect(event).toMatchObject({
      eventType: 'inline_hook.executed',
      published: '2026-01-02T03:04:05.678Z',
      outcome: { result: 'FAILURE', reason: 'no response within the timeout' },
      target: [{ id: 'cal123', type: 'InlineHook', displayName: 'Token enricher' }],
      transaction: { id: 'req1' },
      debugContext: { debugData: { inlineHookId: 'cal123', failure: 'timeout', attempts: 1, durationMs: 3001 } },
    });
  });

  it('inline_hook.executed records a success', () => {
    const event = inlineHookExecutedEvent(hook, { ok: true, status: 200, attempts: 1, durationMs: 12 });
    expect(event.outcome).toEqual({ result: 'SUCCESS', reason: null });
    expect(event.debugContext.debugData).not.toHaveProperty('failure');
  });

  it('inline_hook.response.processed carries the hook debugContext', () => {
    const event = inlineHookResponseProcessedEvent(hook, { applied: false, reason: '"iss" is a reserved claim', debugContext: { rule: 7 } });
    expect(event).toMatchObject({
      eventType: 'inline_hook.response.processed',
      outcome: { result: 'FAILURE', reason: '"iss" is a reserved claim' },
      debugContext: { debugData: { debugContext: { rule: 7 } } },
    });
  });

  it('event_hook.delivery lists the delivered event ids', () => {
    const event = eventHookDeliveryEvent({ id: 'who1', name: 'events' }, { ok: false, status: 500, failure: 'http-status', message: 'HTTP 500', attempts: 2, durationMs: 40, eventId: 'e1' }, ['u1', 'u2']);
    expect(event.debugContext.debugData).toMatchObject({ eventHookId: 'who1', deliveryEventId: 'e1', eventIds: ['u1', 'u2'], attempts: 2 });
    expect(event.outcome.result).toBe('FAILURE');
    expect(event.uuid).not.toBe(eventHookDeliveryEvent({ id: 'who1', name: 'e' }, { ok: true, status: 200, attempts: 1, durationMs: 1 }, []).uuid);
  });
});

/**
 * Realistic event hook payloads with fresh ids and times, shared by tests, benchmarks, the CLI
 * and the emulator.
 */
import type { LogEvent } from './schema.js';

let lastPublished = 0;

function oktaId(prefix: string): string {
  return prefix + crypto.randomUUID().replaceAll('-', '').slice(0, 17);
}

/** A `user.lifecycle.deactivate` LogEvent (override anything); each call is published after the last. */
export function sampleLogEvent(overrides: Partial<LogEvent> = {}): LogEvent {
  lastPublished = Math.max(Date.now(), lastPublished + 1);
  const userId = oktaId('00u');
  return {
    uuid: crypto.randomUUID(),
    published: new Date(lastPublished).toISOString(),
    eventType: 'user.lifecycle.deactivate',
    version: '0',
    displayMessage: 'Deactivate Okta User',
    severity: 'INFO',
    legacyEventType: 'core.user.config.user_deactivated',
    actor: { id: oktaId('00u'), type: 'User', alternateId: 'admin@example.com', displayName: 'Admin', detailEntry: null },
    client: { ipAddress: '127.0.0.1', zone: 'null', device: 'Computer', id: null },
    outcome: { result: 'SUCCESS', reason: null },
    target: [{ id: userId, type: 'User', alternateId: `${userId}@example.com`, displayName: 'Sample User', detailEntry: null }],
    transaction: { type: 'WEB', id: oktaId('X'), detail: {} },
    debugContext: { debugData: { requestId: oktaId('X'), requestUri: `/api/v1/users/${userId}/lifecycle/deactivate` } },
    authenticationContext: { authenticationStep: 0, externalSessionId: oktaId('102') },
    securityContext: {},
    ...overrides,
  };
}

/** An event hook delivery envelope around `events` (one sample event by default). */
export function sampleDelivery(events: readonly unknown[] = [sampleLogEvent()], eventId: string = crypto.randomUUID()) {
  return {
    eventType: 'com.okta.event_hook',
    eventTypeVersion: '1.0',
    cloudEventsVersion: '0.1',
    source: 'https://example.okta.com/api/v1/eventHooks/who0000000000000000',
    eventId,
    eventTime: new Date().toISOString(),
    contentType: 'application/json',
    data: { events: [...events] },
  };
}

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  EVENT_HOOK_ELIGIBLE_EVENT_TYPES,
  InvalidDeliveryError,
  isEligibleEventType,
  logEventSchema,
  parseDelivery,
} from '../../../src/handlers/events/index.js';
import { delivery, logEvent, SHARED_DIR } from './fixtures.js';

const shared = fileURLToPath(SHARED_DIR);
const readShared = (name: string) => JSON.parse(readFileSync(`${shared}${name}`, 'utf8')) as unknown;

describe.skipIf(!existsSync(shared))('event hook samples from ../shared', () => {
  it('parses the delivery sample, envelope and every event', () => {
    const parsed = parseDelivery(readShared('samples/event-hook-delivery.json'));
    expect(parsed.eventId).toBe('85b60edb-4263-4e13-993b-818e26201052');
    expect(parsed.cloudEventsVersion).toBe('0.1');
    const events = parsed.data.events.map((e) => logEventSchema.parse(e));
    expect(events).toHaveLength(1);
    expect(events[0]?.eventType).toBe('user.session.start');
    expect(events[0]?.target?.map((t) => t.type)).toEqual(['AuthenticatorEnrollment', 'AppInstance']);
    expect(events[0]?.client?.ipChain?.[0]?.geographicalContext?.city).toBe('Toronto');
  });

  it('parses the user deactivation LogEvent sample', () => {
    const event = logEventSchema.parse(readShared('samples/event-hook-logevent-user-deactivate.json'));
    expect(event.eventType).toBe('user.lifecycle.deactivate');
    expect(event.request?.ipChain?.[0]?.ip).toBe('174.89.174.56');
  });

  it('lists exactly the eligible event types of the reference table', () => {
    const names = readFileSync(`${shared}event-hook-eligible-event-types.tsv`, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.split('\t')[0])
      .filter((n) => n !== 'eventType');
    expect([...EVENT_HOOK_ELIGIBLE_EVENT_TYPES]).toEqual([...new Set(names)].sort());
  });
});

describe('delivery envelope', () => {
  it('keeps unknown fields of the envelope and of events', () => {
    const body = { ...delivery([{ ...logEvent(), futureField: 1 }]), futureTop: 'x' };
    const parsed = parseDelivery(body);
    expect((parsed as Record<string, unknown>).futureTop).toBe('x');
    expect(logEventSchema.parse(parsed.data.events[0])).toHaveProperty('futureField', 1);
  });

  it('accepts entries of any JSON type: the worker checks them one by one', () => {
    const entries = [null, 'nope', 7, true, [], logEvent()];
    expect(parseDelivery(delivery(entries)).data.events).toEqual(entries);
  });

  it('accepts a numeric eventTypeVersion', () => {
    expect(parseDelivery({ ...delivery([]), eventTypeVersion: 1 }).eventTypeVersion).toBe(1);
  });

  it.each([
    ['wrong eventType', { ...delivery([]), eventType: 'com.okta.oauth2.tokens.transform' }, 'eventType'],
    ['missing eventId', { ...delivery([]), eventId: undefined }, 'eventId'],
    ['events not an array', { ...delivery([]), data: { events: {} } }, 'data.events'],
    ['no data', { ...delivery([]), data: undefined }, 'data'],
  ])('rejects %s with the location of the problem', (_name, body, location) => {
    try {
      parseDelivery(body);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidDeliveryError);
      expect((error as InvalidDeliveryError).code).toBe('ERR_EVENT_HOOK_INVALID_DELIVERY');
      expect((error as InvalidDeliveryError).issues.map((i) => i.location)).toContain(location);
    }
  });
});

describe('LogEvent schema', () => {
  it.each([
    ['uuid', { uuid: undefined }],
    ['published', { published: 'yesterday' }],
    ['eventType', { eventType: '' }],
    ['target', { target: [{ type: 'User' }] }],
  ])('rejects a bad %s', (_field, patch) => {
    expect(logEventSchema.safeParse({ ...logEvent(), ...patch }).success).toBe(false);
  });

  it('accepts the nulls the System Log uses for empty parts', () => {
    const event = { ...logEvent(), actor: null, client: null, target: null, debugContext: null, device: null };
    expect(logEventSchema.safeParse(event).success).toBe(true);
  });
});

describe('event type names', () => {
  it('knows common names and rejects made-up ones', () => {
    expect(isEligibleEventType('user.lifecycle.deactivate')).toBe(true);
    expect(isEligibleEventType('group.user_membership.add')).toBe(true);
    expect(isEligibleEventType('user.lifecycle.explode')).toBe(false);
  });
});

/**
 * Wire schemas of an event hook delivery. Lenient: Okta adds fields over time, so unknown keys are
 * kept, and most LogEvent parts are optional or nullable as the System Log leaves them empty.
 */
import * as z from 'zod/mini';

const text = z.nullish(z.string());
const bag = z.nullish(z.record(z.string(), z.unknown()));

const geographicalContext = z.nullish(
  z.looseObject({
    city: text,
    state: text,
    country: text,
    postalCode: text,
    geolocation: z.nullish(z.looseObject({ lat: z.nullish(z.number()), lon: z.nullish(z.number()) })),
  }),
);

const ipAddress = z.looseObject({
  ip: text,
  geographicalContext,
  version: text,
  source: text,
});

export const logActorSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  alternateId: text,
  displayName: text,
  detailEntry: bag,
});

export const logTargetSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  alternateId: text,
  displayName: text,
  detailEntry: bag,
});

export const logEventSchema = z.looseObject({
  uuid: z.string().check(z.minLength(1), z.maxLength(200)),
  published: z.iso.datetime({ offset: true }),
  eventType: z.string().check(z.minLength(1), z.maxLength(200)),
  version: text,
  displayMessage: text,
  severity: text,
  legacyEventType: text,
  actor: z.nullish(logActorSchema),
  client: z.nullish(
    z.looseObject({
      userAgent: z.nullish(z.looseObject({ rawUserAgent: text, os: text, browser: text })),
      zone: text,
      device: text,
      id: text,
      ipAddress: text,
      geographicalContext,
      ipChain: z.nullish(z.array(ipAddress)),
    }),
  ),
  device: bag,
  outcome: z.nullish(z.looseObject({ result: text, reason: text })),
  target: z.nullish(z.array(logTargetSchema)),
  transaction: z.nullish(z.looseObject({ type: text, id: text, detail: bag })),
  debugContext: z.nullish(z.looseObject({ debugData: bag })),
  authenticationContext: bag,
  securityContext: bag,
  request: z.nullish(z.looseObject({ ipChain: z.nullish(z.array(ipAddress)) })),
  insertionTimestamp: text,
});

export const deliverySchema = z.looseObject({
  eventType: z.literal('com.okta.event_hook'),
  eventTypeVersion: z.optional(z.union([z.string(), z.number()])),
  cloudEventsVersion: z.optional(z.string()),
  source: z.optional(z.string()),
  eventId: z.string().check(z.minLength(1), z.maxLength(200)),
  eventTime: z.optional(z.string()),
  contentType: z.optional(z.string()),
  // Entries are not checked here: Okta does not retry a 4xx, so rejecting the delivery for one bad
  // entry would lose the good ones. The worker checks each entry and parks a bad one (null, a string,
  // a broken LogEvent...) in the dead-letter store as it arrived.
  data: z.looseObject({ events: z.array(z.unknown()) }),
});

export type LogActor = z.infer<typeof logActorSchema>;
export type LogTarget = z.infer<typeof logTargetSchema>;
export type LogEvent = z.infer<typeof logEventSchema>;
export type EventHookDelivery = z.infer<typeof deliverySchema>;

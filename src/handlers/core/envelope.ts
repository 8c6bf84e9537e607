import * as z from 'zod/mini';

/** Okta sends versions as strings, but numbers appear in its OpenAPI examples. */
export const versionSchema = z.union([z.string(), z.number()]);

/** Some payloads (OAS examples) carry numbers where the docs show strings; we read both as text. */
export const textSchema = z.pipe(z.union([z.string(), z.number()]), z.transform((v) => String(v)));

/** `data.context.request`, the same shape in every inline hook. */
export const requestSchema = z.looseObject({
  id: z.optional(z.string()),
  method: z.optional(z.string()),
  url: z.optional(z.looseObject({ value: z.optional(z.string()) })),
  ipAddress: z.optional(z.string()),
});
export type OktaRequestInfo = z.infer<typeof requestSchema>;

const linkSchema = z.looseObject({ href: z.optional(z.string()) });

/** `data.context.user`: the signed-in (token, SAML) or updating (progressive profile) user. */
export const contextUserSchema = z.looseObject({
  id: z.string(),
  passwordChanged: z.optional(z.nullable(z.string())),
  profile: z.optional(z.record(z.string(), z.unknown())),
  _links: z.optional(z.looseObject({ groups: z.optional(linkSchema), factors: z.optional(linkSchema) })),
});
export type ContextUser = z.infer<typeof contextUserSchema>;

/** `data.context.session` (token, SAML). */
export const sessionSchema = z.looseObject({
  id: z.optional(z.string()),
  userId: z.optional(z.string()),
  login: z.optional(z.string()),
  createdAt: z.optional(z.string()),
  expiresAt: z.optional(z.string()),
  status: z.optional(z.string()),
  lastPasswordVerification: z.optional(z.nullable(z.string())),
  amr: z.optional(z.array(z.string())),
  idp: z.optional(z.looseObject({ id: z.optional(z.string()), type: z.optional(z.string()) })),
  mfaActive: z.optional(z.boolean()),
});
export type OktaSession = z.infer<typeof sessionSchema>;

export const profileSchema = z.record(z.string(), z.unknown());

/**
 * The top-level fields every inline hook request shares. Only `eventType` and an event id are required;
 * the id is accepted as `eventId` or the 2019 spelling `eventID`.
 */
export function envelopeShape<T extends string>(eventType: T) {
  return {
    eventType: z.literal(eventType),
    eventTypeVersion: z.optional(versionSchema),
    cloudEventVersion: z.optional(versionSchema),
    cloudEventsVersion: z.optional(versionSchema),
    eventId: z.optional(z.string()),
    eventID: z.optional(z.string()),
    eventTime: z.optional(z.string()),
    contentType: z.optional(z.string()),
    source: z.optional(z.string()),
  };
}

interface IdCarrier {
  eventId?: string | undefined;
  eventID?: string | undefined;
}

/** The full request schema of one hook type: the shared envelope plus the type's own members (`data`, ...). */
export function hookRequestSchema<T extends string, S extends z.core.$ZodShape>(eventType: T, shape: S) {
  return z.looseObject({ ...envelopeShape(eventType), ...shape }).check((ctx) => {
    const { eventId, eventID } = ctx.value as IdCarrier;
    if (!eventId && !eventID) {
      ctx.issues.push({ code: 'custom', message: 'required string is missing (eventId, or eventID in older payloads)', path: ['eventId'], input: ctx.value });
    }
  });
}

/** `data.context` members of the flows with a signed-in user (token, SAML). */
export const signedInContextShape = {
  request: z.optional(requestSchema),
  session: z.optional(sessionSchema),
  user: z.optional(contextUserSchema),
};

/** The fields every typed event exposes. */
export interface BaseEvent<Raw> {
  /** Okta's request id (`eventId`, or `eventID` in 2019 payloads): the key for spotting duplicates. */
  readonly eventId: string;
  readonly eventType: string;
  readonly eventTime: string | undefined;
  readonly source: string | undefined;
  /** `data.context.request`: the end user's HTTP request that triggered the hook. */
  readonly request: OktaRequestInfo | undefined;
  /** The validated request body, unknown fields included. */
  readonly raw: Raw;
}

interface EnvelopeLike extends IdCarrier {
  eventType: string;
  eventTime?: string | undefined;
  source?: string | undefined;
  data: { context?: object | undefined };
}

export function baseEvent<Raw extends EnvelopeLike>(raw: Raw): BaseEvent<Raw> {
  return {
    eventId: raw.eventId || raw.eventID || '',
    eventType: raw.eventType,
    eventTime: raw.eventTime,
    source: raw.source,
    // Every type's schema reads `context.request` with requestSchema (user import has none).
    request: (raw.data.context as { request?: OktaRequestInfo } | undefined)?.request,
    raw,
  };
}

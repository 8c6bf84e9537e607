import * as z from 'zod/mini';
import { contextUserSchema, hookRequestSchema, profileSchema, requestSchema } from '../core/envelope.js';
import { INLINE_HOOK_EVENT_TYPES } from '../core/okta-facts.js';

export const REGISTRATION_EVENT_TYPE = INLINE_HOOK_EVENT_TYPES.registration;
export const SELF_SERVICE_REGISTRATION = 'self.service.registration';
export const PROGRESSIVE_PROFILE = 'progressive.profile';
export type RegistrationRequestType = typeof SELF_SERVICE_REGISTRATION | typeof PROGRESSIVE_PROFILE;

export const registrationRequestSchema = hookRequestSchema(REGISTRATION_EVENT_TYPE, {
  // Absent in the 2019 Classic payload, which is always self-service registration.
  requestType: z.optional(z.enum([SELF_SERVICE_REGISTRATION, PROGRESSIVE_PROFILE])),
  data: z.looseObject({
    context: z.looseObject({
      request: z.optional(requestSchema),
      user: z.optional(contextUserSchema),
    }),
    userProfile: z.optional(profileSchema),
    userProfileUpdate: z.optional(profileSchema),
    // Classic (2019) payloads put the form attributes here.
    user: z.optional(z.looseObject({ profile: z.optional(profileSchema) })),
    action: z.optional(z.string()),
  }),
}).check((ctx) => {
  const { data } = ctx.value;
  const missing = (path: string[], what: string) => ctx.issues.push({ code: 'custom', message: `required object is missing (${what})`, path, input: data });
  if ((ctx.value.requestType ?? SELF_SERVICE_REGISTRATION) === PROGRESSIVE_PROFILE) {
    if (data.userProfileUpdate === undefined) missing(['data', 'userProfileUpdate'], 'the attributes being updated');
    if (data.context.user === undefined) missing(['data', 'context', 'user'], 'the user updating their profile');
  } else if (data.userProfile === undefined && data.user?.profile === undefined) {
    missing(['data', 'userProfile'], 'the registration form attributes');
  }
});

export type RegistrationRequest = z.infer<typeof registrationRequestSchema>;

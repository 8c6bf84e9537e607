import { finishSample, oktaId, requestContext, sampleEnvelope, sampleUserAndSession } from '../core/sample.js';
import { PROGRESSIVE_PROFILE, REGISTRATION_EVENT_TYPE, SELF_SERVICE_REGISTRATION, type RegistrationRequest } from './schema.js';

/**
 * A realistic registration hook request with fresh ids and times: self-service registration by default,
 * progressive profiling when `overrides.requestType` is `progressive.profile`.
 */
export function sampleRequest(overrides: Record<string, unknown> = {}): RegistrationRequest {
  const progressive = overrides.requestType === PROGRESSIVE_PROFILE;
  const envelope = { ...sampleEnvelope(REGISTRATION_EVENT_TYPE, oktaId('reg')), requestType: progressive ? PROGRESSIVE_PROFILE : SELF_SERVICE_REGISTRATION };
  const login = 'jonas.okafor@example.com';
  const body = progressive
    ? {
        ...envelope,
        data: {
          context: { request: requestContext('POST', '/idp/idx/enroll/update'), user: sampleUserAndSession(login, 'Jonas', 'Okafor').user },
          action: 'ALLOW',
          userProfileUpdate: { department: 'Research', costCenter: 'RC-2210' },
        },
      }
    : {
        ...envelope,
        data: {
          context: { request: requestContext('POST', '/idp/idx/enroll/new') },
          userProfile: { firstName: 'Jonas', lastName: 'Okafor', login, email: login },
          action: 'ALLOW',
        },
      };
  return finishSample<RegistrationRequest>(body, overrides);
}

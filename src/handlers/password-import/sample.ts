import { finishSample, requestContext, SAMPLE_ORG_URL, sampleEnvelope, oktaId } from '../core/sample.js';
import { PASSWORD_IMPORT_EVENT_TYPE, type PasswordImportRequest } from './schema.js';

/** A realistic password import request with fresh ids and times (the password is a made-up test value). */
export function sampleRequest(overrides: Record<string, unknown> = {}): PasswordImportRequest {
  const body = {
    ...sampleEnvelope(PASSWORD_IMPORT_EVENT_TYPE, `${SAMPLE_ORG_URL}/api/v1/inlineHooks/${oktaId('cal')}`),
    data: {
      context: {
        request: requestContext('POST', '/idp/idx/challenge/answer'),
        credential: { username: 'priya.raman@example.com', password: 'correct-horse-battery-staple' },
      },
      action: { credential: 'UNVERIFIED' },
    },
  };
  return finishSample<PasswordImportRequest>(body, overrides);
}

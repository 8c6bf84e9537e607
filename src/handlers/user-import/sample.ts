import { finishSample, oktaId, sampleEnvelope } from '../core/sample.js';
import { USER_IMPORT_EVENT_TYPE, type UserImportRequest } from './schema.js';

/** A realistic user import request (a CSV/app import of one new user) with fresh ids and times. */
export function sampleRequest(overrides: Record<string, unknown> = {}): UserImportRequest {
  const email = 'tomas.herrera@example.com';
  const body = {
    ...sampleEnvelope(USER_IMPORT_EVENT_TYPE, oktaId('cal')),
    data: {
      context: {
        conflicts: ['login'],
        application: { name: 'hr_directory', id: oktaId('0oa'), label: 'HR Directory', status: 'ACTIVE' },
        job: { id: oktaId('ij1'), type: 'import:users' },
        matches: [],
        policy: ['EMAIL', 'FIRST_AND_LAST_NAME'],
      },
      action: { result: 'CREATE_USER' },
      appUser: {
        profile: { firstName: 'Tomás', lastName: 'Herrera', email, userName: 'therrera', externalId: 'hr-20931', department: 'Logistics', mobilePhone: null },
      },
      user: {
        profile: { login: email, email, firstName: 'Tomás', lastName: 'Herrera', secondEmail: null, mobilePhone: null, city: null },
      },
    },
  };
  return finishSample<UserImportRequest>(body, overrides);
}

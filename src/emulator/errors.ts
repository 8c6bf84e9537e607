import { newErrorId } from './ids.js';

/**
 * Okta error codes the emulator answers with: HTTP status and summary template as Okta documents
 * them. `{0}` is filled with the detail given at the throw site.
 */
export const OKTA_ERRORS = {
  E0000001: { status: 400, summary: 'Api validation failed: {0}' },
  E0000003: { status: 400, summary: 'The request body was not well-formed.' },
  E0000004: { status: 401, summary: 'Authentication failed' },
  E0000005: { status: 403, summary: 'Invalid session' },
  E0000006: { status: 403, summary: 'You do not have permission to perform the requested action' },
  E0000007: { status: 404, summary: 'Not found: {0}' },
  E0000009: { status: 500, summary: 'Internal Server Error' },
  E0000011: { status: 401, summary: 'Invalid token provided' },
  E0000014: { status: 403, summary: 'Update of credentials failed' },
  E0000016: { status: 403, summary: 'Activation failed because the user is already active' },
  E0000022: { status: 405, summary: 'The endpoint does not support the provided HTTP method' },
  E0000029: { status: 400, summary: 'Invalid paging request.' },
  E0000030: {
    status: 400,
    summary:
      "Bad request. Invalid date. Dates must be of the form yyyy-MM-dd'T'HH:mm:ss.SSSZZ, e.g. 2013-01-01T12:00:00.000-07:00.",
  },
  E0000031: { status: 400, summary: 'Invalid search criteria.' },
  E0000032: { status: 403, summary: 'Unlock is not allowed for this user.' },
  E0000033: { status: 400, summary: "Bad request. Can't specify a search query and filter in the same request." },
  E0000034: { status: 403, summary: 'Forgot password not allowed on specified user.' },
  E0000035: { status: 403, summary: 'Change password not allowed on specified user.' },
  E0000036: { status: 403, summary: 'Change recovery question not allowed on specified user.' },
  E0000038: { status: 403, summary: "This operation is not allowed in the user's current status." },
  E0000047: { status: 429, summary: 'API call exceeded rate limit due to too many requests.' },
  E0000056: { status: 403, summary: 'Delete application forbidden.' },
  E0000068: { status: 403, summary: 'Invalid Passcode/Answer' },
  E0000080: { status: 403, summary: 'The password does not meet the complexity requirements of the current password policy.' },
  E0000082: { status: 403, summary: 'Each code can only be used once. Please wait for a new code and try again.' },
  E0000087: { status: 403, summary: 'The recovery question answer did not match our records.' },
  E0000090: { status: 409, summary: 'The role specified is already assigned to the user.' },
  E0000091: { status: 400, summary: 'The provided role type was not the same as required role type.' },
  E0000098: { status: 400, summary: 'This phone number is invalid.' },
  E0000117: { status: 403, summary: 'Cannot assign apps or update app profiles for an inactive user.' },
  E0000121: { status: 400, summary: 'Invalid phone extension. Please enter a valid phone extension.' },
  E0000124: {
    status: 400,
    summary: 'Could not create user. To create a user and expire their password immediately, a password must be specified',
  },
  E0000125: {
    status: 400,
    summary: 'Could not create user. To create a user and expire their password immediately, "activate" must be true',
  },
  E0000127: { status: 409, summary: 'Invalid linked objection definition. {0}' },
  E0000134: { status: 502, summary: 'Okta could not communicate correctly with an inline hook.' },
  E0000135: { status: 400, summary: 'An inline hook responded with an error.' },
  E0000137: { status: 504, summary: 'Okta did not receive a response from an inline hook.' },
  E0000142: { status: 403, summary: 'This User Type cannot be deleted.' },
  E0000148: { status: 403, summary: 'Cannot modify/disable this authenticator because it is enabled in one or more policies. {0}' },
  E0000154: { status: 410, summary: 'Invalid factor id, it is not currently active.' },
  E0000157: { status: 409, summary: 'Another authenticator with key: {0} is already active.' },
  /** Emulator-specific: the operation exists in Okta's API but the emulator does not model it. */
  GHEMU_NOT_IMPLEMENTED: { status: 501, summary: 'Not implemented by the gatehook emulator: {0}' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type OktaErrorCode = keyof typeof OKTA_ERRORS;

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

/** An Okta API error; thrown anywhere in a route, rendered by the app's error handler. */
export class OktaApiError extends Error {
  readonly code: OktaErrorCode;
  readonly status: number;
  readonly causes: string[];
  readonly headers: Record<string, string>;

  constructor(code: OktaErrorCode, detail = '', causes: string[] = [], headers: Record<string, string> = {}) {
    const fact = OKTA_ERRORS[code];
    super(fact.summary.replace('{0}', detail));
    this.name = 'OktaApiError';
    this.code = code;
    this.status = fact.status;
    this.causes = causes;
    this.headers = headers;
  }

  toBody(): OktaErrorBody {
    return {
      errorCode: this.code,
      errorSummary: this.message,
      // Okta sets errorLink to the code itself.
      errorLink: this.code,
      errorId: newErrorId(),
      errorCauses: this.causes.map((errorSummary) => ({ errorSummary })),
    };
  }
}

export function notFound(what: string, id: string): OktaApiError {
  return new OktaApiError('E0000007', `Resource not found: ${id} (${what})`);
}

export function validationFailed(field: string, cause: string): OktaApiError {
  return new OktaApiError('E0000001', field, [`${field}: ${cause}`]);
}

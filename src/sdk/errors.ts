/**
 * Errors of the Okta client. Each class carries a stable `code` so callers branch on codes, not
 * messages. Messages name the method and the path only: never query values, headers or credentials.
 */

export class OktaError extends Error {
  readonly code: string = 'ERR_OKTA';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One entry of Okta's `errorCauses[]`. */
export interface OktaErrorCause {
  errorSummary: string;
  [key: string]: unknown;
}

export interface OktaApiErrorInit {
  status: number;
  method: string;
  path: string;
  requestId?: string | undefined;
  body: unknown;
  contentType?: string | null;
}

/** The org answered with an HTTP error status (Okta's error object when the body carried one). */
export class OktaApiError extends OktaError {
  override readonly code: string = 'ERR_OKTA_API';
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorSummary: string;
  readonly errorCauses: OktaErrorCause[];
  readonly errorId: string | undefined;
  readonly errorLink: string | undefined;
  /** `x-okta-request-id` of the failed response; quote it to Okta support. */
  readonly requestId: string | undefined;
  readonly method: string;
  /** The request path without its query string. */
  readonly path: string;

  constructor(init: OktaApiErrorInit) {
    const parsed = parseErrorBody(init.body, init.status, init.contentType);
    super(`${init.method} ${init.path} failed with ${init.status}${parsed.errorCode ? ` ${parsed.errorCode}` : ''}: ${parsed.errorSummary}`);
    this.status = init.status;
    this.errorCode = parsed.errorCode;
    this.errorSummary = parsed.errorSummary;
    this.errorCauses = parsed.errorCauses;
    this.errorId = parsed.errorId;
    this.errorLink = parsed.errorLink;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
  }
}

/** A 429 whose reset lies beyond the retry budget or the caller's deadline. */
export class OktaRateLimitError extends OktaApiError {
  override readonly code = 'ERR_OKTA_RATE_LIMITED';
  /** Milliseconds until the rate-limit window resets, by the org's clock. */
  readonly retryAfterMs: number;
  constructor(init: OktaApiErrorInit & { retryAfterMs: number }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
    this.message += ` (rate limit resets in ${Math.ceil(init.retryAfterMs / 1000)} s, beyond the remaining budget)`;
  }
}

/** The request (or the call's deadline) ran out of time. */
export class OktaTimeoutError extends OktaError {
  override readonly code = 'ERR_OKTA_TIMEOUT';
}

/** The caller's `AbortSignal` fired; `cause` holds its reason. */
export class OktaAbortError extends OktaError {
  override readonly code = 'ERR_OKTA_ABORTED';
}

/** The request never produced an HTTP response (DNS, connection, TLS). */
export class OktaNetworkError extends OktaError {
  override readonly code = 'ERR_OKTA_NETWORK';
}

/** Obtaining or using credentials failed (token endpoint error, bad key, rejected token). */
export class OktaAuthError extends OktaError {
  override readonly code = 'ERR_OKTA_AUTH';
  /** OAuth `error` value from the token endpoint, when there was one. */
  readonly oauthError: string | undefined;
  readonly status: number | undefined;
  constructor(message: string, details: { oauthError?: string | undefined; status?: number | undefined } = {}, options?: ErrorOptions) {
    super(message, options);
    this.oauthError = details.oauthError;
    this.status = details.status;
  }
}

/** The client was configured or called with values it cannot use. */
export class OktaConfigError extends OktaError {
  override readonly code = 'ERR_OKTA_CONFIG';
}

/** The response of a 2xx call could not be used (e.g. a pagination link to a foreign origin). */
export class OktaResponseError extends OktaError {
  override readonly code = 'ERR_OKTA_RESPONSE';
}

interface ParsedError {
  errorCode: string | undefined;
  errorSummary: string;
  errorCauses: OktaErrorCause[];
  errorId: string | undefined;
  errorLink: string | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function parseErrorBody(body: unknown, status: number, contentType: string | null | undefined): ParsedError {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const causes = Array.isArray(b.errorCauses)
      ? b.errorCauses.filter((c): c is OktaErrorCause => !!c && typeof c === 'object' && typeof (c as OktaErrorCause).errorSummary === 'string')
      : [];
    // OAuth endpoints answer { error, error_description } rather than Okta's E0000xxx shape.
    const summary = str(b.errorSummary) ?? str(b.error_description) ?? str(b.error);
    return {
      errorCode: str(b.errorCode) ?? str(b.error),
      errorSummary: summary ?? `HTTP ${status}`,
      errorCauses: causes,
      errorId: str(b.errorId),
      errorLink: str(b.errorLink),
    };
  }
  // Non-JSON bodies (proxies, load balancers) are not echoed: they may reflect request data.
  const kind = contentType ? contentType.split(';')[0]!.trim() : 'no content type';
  return {
    errorCode: undefined,
    errorSummary: `HTTP ${status} with a non-JSON body (${kind})`,
    errorCauses: [],
    errorId: undefined,
    errorLink: undefined,
  };
}

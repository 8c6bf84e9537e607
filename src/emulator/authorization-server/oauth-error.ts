/** OAuth 2.0 token endpoint errors (RFC 6749 section 5.2), rendered the way Okta renders them. */

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'server_error'
  // RFC 9449 (DPoP)
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce';

export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  readonly status: 400 | 401;
  /** Response headers the error comes with (`DPoP-Nonce` for use_dpop_nonce). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: OAuthErrorCode, description: string, headers: Record<string, string> = {}) {
    super(description);
    this.name = 'OAuthError';
    this.code = code;
    this.status = code === 'invalid_client' ? 401 : 400;
    this.headers = headers;
  }

  /** The error response, with its headers. */
  render(c: { json: (body: unknown, status: 400 | 401) => Response; header: (name: string, value: string) => void }): Response {
    for (const [name, value] of Object.entries(this.headers)) c.header(name, value);
    return c.json(this.toJSON(), this.status);
  }

  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.message };
  }
}

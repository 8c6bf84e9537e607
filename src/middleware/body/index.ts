import type { Context, MiddlewareHandler } from 'hono';
import { oktaError, refusedWith, type OktaError } from '../errors/index.js';
import type { GatehookEnv } from '../types.js';
import { bodyLimits, bodyTooLarge, bodyUnreadable, checkBodyHeaders, declaredLength, decodeJsonObject, type BodyRejection, type JsonBodyOptions } from './json-object.js';

export { bodyLimits, checkBodyHeaders, declaredLength, decodeJsonObject } from './json-object.js';
export type { BodyLimits, BodyRejection, JsonBodyOptions } from './json-object.js';

/** Reads at most `limit` bytes; returns undefined as soon as the stream goes past it. */
async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Reads a Hono request's body within `maxBytes`: undefined when it goes past the limit. A declared
 * length within the limit bounds what the server's HTTP framing delivers, so the body is read whole
 * (@hono/node-server's fast path: no web stream, no full Request); a body without one (chunked) is
 * streamed and cut off at the limit. Throws when the body cannot be read.
 */
export async function readRequestBody(c: Context, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = declaredLength(c.req.header('content-length'));
  return declared !== undefined && c.req.header('transfer-encoding') === undefined
    ? new Uint8Array(await c.req.arrayBuffer())
    : readLimited(c.req.raw.body, maxBytes);
}

/** A refused body in Okta's error shape: the rejection's status and code, its cause located in the body. */
export function bodyError(rejection: BodyRejection, errorId: string | undefined): OktaError {
  const { status, errorCode, errorSummary } = rejection;
  return oktaError(status, { errorCode, errorSummary, errorId, errorCauses: [{ errorSummary: rejection.cause, reason: rejection.reason, locationType: 'body' }] });
}

const bodyRejected = (c: Context<GatehookEnv>, rejection: BodyRejection) => refusedWith(c, 'invalid', rejection.reason, bodyError(rejection, c.get('requestId')));

/**
 * Accepts only a JSON object body within size and depth limits and leaves the parsed value in
 * `c.var.body`. 415 for another media type, 413 past `maxBytes` (up front from Content-Length,
 * while streaming a chunked body, and on the bytes actually read), 400 in Okta's error shape for empty, non-UTF-8, malformed, too deep or
 * non-object bodies.
 *
 * @example
 * app.post('/hooks/token', jsonBody({ maxBytes: 256 * 1024 }), (c) => c.json(c.var.body));
 */
export function jsonBody(options: JsonBodyOptions = {}): MiddlewareHandler<GatehookEnv> {
  const limits = bodyLimits(options);
  return async function jsonBody(c, next) {
    const refused = checkBodyHeaders(c.req.header('content-type'), declaredLength(c.req.header('content-length')), limits);
    if (refused) throw bodyRejected(c, refused);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readRequestBody(c, limits.maxBytes);
    } catch {
      throw bodyRejected(c, bodyUnreadable);
    }
    if (bytes === undefined) throw bodyRejected(c, bodyTooLarge(limits));
    const decoded = decodeJsonObject(bytes, limits);
    if ('status' in decoded) throw bodyRejected(c, decoded);
    c.set('body', decoded.value);
    await next();
  };
}

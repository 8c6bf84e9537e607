import type { MiddlewareHandler } from 'hono';
import { OktaErrorCode, oktaHttpException, type OktaErrorInit } from '../errors/index.js';
import type { GatehookEnv } from '../types.js';

export interface JsonBodyOptions {
  /** Largest accepted body in bytes (default 1 MiB); larger answers 413. */
  maxBytes?: number;
  /** Deepest accepted nesting of arrays/objects (default 64); Okta payloads stay under 10. */
  maxDepth?: number;
}

const DECIMAL = /^\d+$/;

function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  if (contentType === 'application/json') return true;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

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
 * Recursion stops one level past `maxDepth`, so a hostile nesting depth cannot overflow the stack
 * while being measured; no per-node allocation (this runs on every request).
 */
function depthExceeds(node: object, depth: number, maxDepth: number): boolean {
  if (depth > maxDepth) return true;
  if (Array.isArray(node)) {
    for (const child of node as unknown[]) {
      if (child !== null && typeof child === 'object' && depthExceeds(child, depth + 1, maxDepth)) return true;
    }
    return false;
  }
  const record = node as Record<string, unknown>;
  for (const key in record) {
    const child = record[key];
    if (child !== null && typeof child === 'object' && depthExceeds(child, depth + 1, maxDepth)) return true;
  }
  return false;
}

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
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const maxDepth = options.maxDepth ?? 64;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new TypeError('jsonBody: maxBytes must be a positive integer');
  if (!Number.isInteger(maxDepth) || maxDepth <= 0) throw new TypeError('jsonBody: maxDepth must be a positive integer');
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

  return async function jsonBody(c, next) {
    const invalid = (status: OktaErrorInit['status'], reason: string, errorCode: string, errorSummary: string, cause?: string) => {
      c.set('outcome', 'invalid');
      c.set('reason', reason);
      return oktaHttpException({
        status,
        errorCode,
        errorSummary,
        errorId: c.get('requestId'),
        errorCauses: cause ? [{ errorSummary: cause, reason, locationType: 'body' }] : [],
      });
    };
    const malformed = (reason: string, cause: string) =>
      invalid(400, reason, OktaErrorCode.malformedBody, 'The request body was not well-formed.', cause);

    if (!isJsonMediaType(c.req.header('content-type'))) {
      throw invalid(415, 'body-media-type', OktaErrorCode.unsupportedMediaType, 'Unsupported media type', 'Content-Type must be application/json');
    }
    const length = c.req.header('content-length');
    const declared = length !== undefined && DECIMAL.test(length) ? Number(length) : undefined;
    const tooLarge = () => invalid(413, 'body-too-large', OktaErrorCode.tooLarge, 'Request body too large', `The body must be at most ${maxBytes} bytes`);
    if (declared !== undefined && declared > maxBytes) throw tooLarge();

    let bytes: Uint8Array | undefined;
    try {
      // A declared length within the limit bounds what the server's HTTP framing delivers, so the
      // body is read whole (@hono/node-server's fast path: no web stream, no full Request); a body
      // without one (chunked) is streamed and cut off at the limit. Both are checked against it.
      bytes =
        declared !== undefined && c.req.header('transfer-encoding') === undefined
          ? new Uint8Array(await c.req.arrayBuffer())
          : await readLimited(c.req.raw.body, maxBytes);
    } catch {
      throw malformed('body-unreadable', 'The request body could not be read');
    }
    if (bytes === undefined || bytes.byteLength > maxBytes) throw tooLarge();
    if (bytes.byteLength === 0) throw malformed('body-empty', 'The request body is empty');

    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw malformed('body-not-utf8', 'The request body is not valid UTF-8');
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw malformed('body-not-json', 'The request body is not valid JSON');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw malformed('body-not-object', 'The request body must be a JSON object');
    }
    if (depthExceeds(value, 1, maxDepth)) throw malformed('body-too-deep', `The request body nests deeper than ${maxDepth} levels`);
    c.set('body', value);
    await next();
  };
}

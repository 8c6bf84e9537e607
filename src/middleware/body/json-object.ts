import { Buffer, isUtf8 } from 'node:buffer';
import { OktaErrorCode } from '../errors/index.js';

/**
 * The checks `jsonBody` runs, with no HTTP framework attached, so every adapter refuses the same
 * bodies with the same answers: media type, size (declared and actual), UTF-8, JSON, a top-level
 * object, and nesting depth.
 */

export interface JsonBodyOptions {
  /** Largest accepted body in bytes (default 1 MiB); larger answers 413. */
  maxBytes?: number;
  /** Deepest accepted nesting of arrays/objects (default 64); Okta payloads stay under 10. */
  maxDepth?: number;
}

export interface BodyLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
}

/** Why a body was refused: the HTTP status, a reason code for the log, and the Okta error text. */
export interface BodyRejection {
  readonly status: 400 | 413 | 415;
  readonly reason: string;
  readonly errorCode: string;
  readonly errorSummary: string;
  readonly cause: string;
}

export function bodyLimits(options: JsonBodyOptions = {}): BodyLimits {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const maxDepth = options.maxDepth ?? 64;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new TypeError('jsonBody: maxBytes must be a positive integer');
  if (!Number.isInteger(maxDepth) || maxDepth <= 0) throw new TypeError('jsonBody: maxDepth must be a positive integer');
  return { maxBytes, maxDepth };
}

const DECIMAL = /^\d+$/;

function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  if (contentType === 'application/json' || contentType === 'application/json; charset=UTF-8') return true;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** The Content-Length as a number when it is a plain decimal, else undefined. */
export function declaredLength(header: string | undefined): number | undefined {
  return header !== undefined && DECIMAL.test(header) ? Number(header) : undefined;
}

const malformed = (reason: string, cause: string): BodyRejection => ({
  status: 400,
  reason,
  errorCode: OktaErrorCode.malformedBody,
  errorSummary: 'The request body was not well-formed.',
  cause,
});

export const bodyUnreadable = malformed('body-unreadable', 'The request body could not be read');

export function bodyTooLarge(limits: BodyLimits): BodyRejection {
  return { status: 413, reason: 'body-too-large', errorCode: OktaErrorCode.tooLarge, errorSummary: 'Request body too large', cause: `The body must be at most ${limits.maxBytes} bytes` };
}

const UNSUPPORTED: BodyRejection = {
  status: 415,
  reason: 'body-media-type',
  errorCode: OktaErrorCode.unsupportedMediaType,
  errorSummary: 'Unsupported media type',
  cause: 'Content-Type must be application/json',
};

/** What can be refused before reading a byte: the media type, and a declared length over the limit. */
export function checkBodyHeaders(contentType: string | undefined, contentLength: number | undefined, limits: BodyLimits): BodyRejection | undefined {
  if (!isJsonMediaType(contentType)) return UNSUPPORTED;
  if (contentLength !== undefined && contentLength > limits.maxBytes) return bodyTooLarge(limits);
  return undefined;
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
 * The body as text: invalid UTF-8 is refused rather than replaced, and a leading BOM is skipped, as
 * a fatal TextDecoder would. Buffer's decoder gives V8 a one-byte string for ASCII bodies, and it
 * replaces every invalid sequence with U+FFFD: a text without U+FFFD (a one-byte string cannot hold
 * one, so that test is free) came from valid UTF-8, and only a text with one needs the full check.
 */
function utf8Text(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  const text = buffer.toString('utf8', bom ? 3 : 0);
  return text.includes('\uFFFD') && !isUtf8(buffer) ? undefined : text;
}

/** The body as a JSON object within the limits, or why not. */
export function decodeJsonObject(bytes: Uint8Array, limits: BodyLimits): { value: Record<string, unknown> } | BodyRejection {
  if (bytes.byteLength > limits.maxBytes) return bodyTooLarge(limits);
  if (bytes.byteLength === 0) return malformed('body-empty', 'The request body is empty');
  const text = utf8Text(bytes);
  if (text === undefined) return malformed('body-not-utf8', 'The request body is not valid UTF-8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return malformed('body-not-json', 'The request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return malformed('body-not-object', 'The request body must be a JSON object');
  if (depthExceeds(value, 1, limits.maxDepth)) return malformed('body-too-deep', `The request body nests deeper than ${limits.maxDepth} levels`);
  return { value: value as Record<string, unknown> };
}

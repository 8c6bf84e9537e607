import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { LazyRequestLog, writeRequestLine } from '../middleware/logger/index.js';
import { isPlainHost, type DirectRoutes } from './direct-routes.js';
import type { Logger } from '../handlers/core/types.js';
import type { BodyRead, HookAnswer, HookPipeline, HookRequest } from './hook-pipeline.js';

/**
 * The Node server's short way to a hook: `POST /hooks/<type>` goes from node:http straight into the
 * hook's pipeline, with no web Request/Response and no Hono routing in between (together about a
 * third of the CPU of a request). Every other request, and any request target the map does not hold
 * verbatim (percent-encoded, absolute-form), goes to `fallback` (the Hono app), which runs the same
 * pipeline. The request line matches the one `requestLogger` writes.
 */
export function directListener(direct: DirectRoutes, fallback: RequestListener): RequestListener {
  const { routes, logger } = direct;
  return function gatehookListener(req, res) {
    if (req.method !== 'POST') return fallback(req, res);
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const pipeline = routes.get(path);
    if (pipeline === undefined || !isPlainHost(req.headers.host)) return fallback(req, res);
    serve(pipeline, req, res, path);
  };

  function serve(pipeline: HookPipeline, req: IncomingMessage, res: ServerResponse, path: string): void {
    const started = performance.now();
    const requestId = randomUUID();
    const request = new DirectRequest(req.rawHeaders, requestId, new LazyRequestLog(logger, requestId));
    const finish = (answer: HookAnswer): void => {
      try {
        send(res, answer);
      } catch (err) {
        // The pipeline answers every failure itself; only a failing socket write gets here.
        if (!res.headersSent) res.writeHead(500).end();
        logAnswer(logger, pipeline.hookType, requestId, path, { ...answer, status: 500, outcome: 'error', reason: undefined }, started, err);
        return;
      }
      logAnswer(logger, pipeline.hookType, requestId, path, answer, started);
    };
    const readAndComplete = (): void => {
      readBody(req, pipeline.maxBytes, (body) => {
        const answer = pipeline.complete(request, body);
        if (answer instanceof Promise) void answer.then(finish);
        else finish(answer);
      });
    };
    const admitted = pipeline.admit(request);
    if (admitted === undefined) readAndComplete();
    else if (admitted instanceof Promise) void admitted.then((refused) => (refused ? finish(refused) : readAndComplete()));
    else finish(admitted);
  }
}

/**
 * Writes the request line of an answered hook request (the one `requestLogger` writes on the Hono
 * path), and before it the failure when the answer could not be sent. Never throws: a failing log
 * sink loses the line, the request stays answered.
 */
export function logAnswer(logger: Logger, hookType: string, requestId: string, path: string, answer: HookAnswer, started: number, failure?: unknown): void {
  try {
    if (failure !== undefined) logger.error('answering a hook request failed', { requestId, name: (failure as Error)?.name, message: (failure as Error)?.message });
    writeRequestLine(logger, {
      requestId,
      eventId: answer.eventId,
      hookType,
      method: 'POST',
      path,
      outcome: answer.outcome,
      reason: answer.reason,
      status: answer.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  } catch {
    // The log sink itself failed: nothing left to tell, and the request is answered.
  }
}

/** The pipeline's view of a request head; a class, so nothing is defined per request. */
export class DirectRequest implements HookRequest {
  readonly receivedAt = Date.now();
  readonly #raw: readonly string[];
  readonly requestId: string;
  readonly log: Logger;

  constructor(raw: readonly string[], requestId: string, log: Logger) {
    this.#raw = raw;
    this.requestId = requestId;
    this.log = log;
  }

  header(name: string): string | undefined {
    return rawHeader(this.#raw, name);
  }
}

/** A header by lower-case name from the raw list, repeats joined with ", " as `Headers.get` does (Node's `req.headers` keeps only the first of some). */
export function rawHeader(raw: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === name.length && key.toLowerCase() === name) value = value === undefined ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`;
  }
  return value;
}

/**
 * Reads the whole body and calls `done` once: with the bytes, 'too-large' as soon as it goes past
 * `maxBytes` (the rest is discarded), or 'unreadable' when the client goes away mid-body.
 */
function readBody(req: IncomingMessage, maxBytes: number, done: (body: BodyRead) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = (body: BodyRead) => {
    if (settled) return;
    settled = true;
    done(body);
  };
  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size > maxBytes) {
      chunks.length = 0;
      settle('too-large');
    } else chunks.push(chunk);
  });
  req.on('end', () => settle(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
  // An aborted request emits 'error' (ECONNRESET) and then 'close'; either one ends the wait.
  req.on('error', () => settle('unreadable'));
  req.on('close', () => settle('unreadable'));
}

const JSON_TYPE = 'application/json';

function send(res: ServerResponse, answer: HookAnswer): void {
  if (res.destroyed) return;
  // A body refused part-way (too large, unreadable) may still be arriving: close rather than drain it.
  if (answer.reason === 'body-too-large' || answer.reason === 'body-unreadable') res.shouldKeepAlive = false;
  if (answer.body === null) {
    res.writeHead(answer.status).end();
    return;
  }
  const headers = { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(answer.body) };
  res.writeHead(answer.status, answer.headers ? { ...answer.headers, ...headers } : headers).end(answer.body);
}

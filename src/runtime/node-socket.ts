import { randomUUID } from 'node:crypto';
// node:http's limit on a request head (16 KB unless `--max-http-header-size` says otherwise).
import { maxHeaderSize as nodeMaxHeaderSize, STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { LazyRequestLog } from '../middleware/logger/index.js';
import { isPlainHost, type DirectRoutes } from './direct-routes.js';
import type { HookAnswer, HookPipeline } from './hook-pipeline.js';
import { DirectRequest, logAnswer } from './node-direct.js';

/**
 * The Node server's front door for hook requests, below node:http. A connection's bytes come here
 * first; a request in the narrow shape Okta sends (`POST /hooks/<type> HTTP/1.1`, one Content-Length,
 * a Host, no Transfer-Encoding, Expect or Upgrade, and header syntax with nothing to interpret) runs
 * straight into its hook pipeline and is answered here. node:http's request machinery is the larger
 * part of a hook request's CPU (bench/README.md), and none of it is needed for that shape.
 *
 * Anything else is not parsed further: the connection is handed, at that request's first byte, to
 * node:http's own connection handling (its parser, its limits, its errors, the Hono app), which keeps
 * it from then on. Each byte is framed by exactly one parser, so the two cannot disagree on where a
 * request ends, and every doubtful case (a second Content-Length, chunked bodies, obs-fold, a bare
 * CR or LF, a control character, an oversized head) gets node's answer, not ours.
 */

export interface SocketFrontOptions {
  /** A request whose head and body have not fully arrived after this many ms is answered 408 and closed. */
  requestTimeoutMs: number;
}

/** What the front has done since the server started: for tests, and to see that traffic takes it. */
export interface SocketFrontStats {
  /** Hook requests answered by the front. */
  readonly answered: number;
  /** Connections given to node:http (a request outside the front's shape). */
  readonly handedOff: number;
}

export interface SocketFront {
  readonly stats: SocketFrontStats;
  /** Shutdown: idle connections close now, busy ones after their answer (sent with `Connection: close`). */
  closeIdle(): void;
  /** End of the grace period: every connection still here is cut. */
  closeAll(): void;
}

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Control characters other than HT, CR and LF: never valid in a request head. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const TARGET = /^\/[\x21-\x7e]*$/;
const DIGITS = /^\d{1,15}$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

interface RequestHead {
  readonly pipeline: HookPipeline;
  readonly path: string;
  readonly raw: string[];
  readonly contentLength: number;
  readonly close: boolean;
}

/** Optional whitespace around a field value (RFC 9110 OWS: spaces and tabs). */
function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value.charCodeAt(start) === 32 || value.charCodeAt(start) === 9)) start++;
  while (end > start && (value.charCodeAt(end - 1) === 32 || value.charCodeAt(end - 1) === 9)) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/**
 * The request head (latin1, up to but excluding the blank line) when it is one the front answers,
 * else undefined. Deliberately narrow: every "undefined" goes to node:http, which either serves the
 * request or refuses it with its own error.
 */
export function frontHead(head: string, routes: ReadonlyMap<string, HookPipeline>): RequestHead | undefined {
  if (!head.startsWith('POST /')) return undefined;
  const lineEnd = head.indexOf('\r\n');
  if (lineEnd < 0) return undefined; // no Host header
  const requestLine = head.slice(0, lineEnd);
  if (!requestLine.endsWith(' HTTP/1.1')) return undefined;
  const target = requestLine.slice(5, -9);
  if (!TARGET.test(target)) return undefined;
  const query = target.indexOf('?');
  const path = query < 0 ? target : target.slice(0, query);
  const pipeline = routes.get(path);
  if (pipeline === undefined || CONTROL.test(head)) return undefined;

  const raw: string[] = [];
  let contentLength = -1;
  let hosts = 0;
  let host: string | undefined;
  let close = false;
  for (let at = lineEnd + 2; at <= head.length; ) {
    let next = head.indexOf('\r\n', at);
    if (next < 0) next = head.length;
    const line = head.slice(at, next);
    at = next + 2;
    // A bare CR or LF (lines end only in CRLF here), or an obs-fold continuation line.
    if (line.includes('\r') || line.includes('\n')) return undefined;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return undefined;
    const value = trimOws(line.slice(colon + 1));
    raw.push(name, value);
    switch (name.toLowerCase()) {
      case 'content-length':
        if (contentLength >= 0 || !DIGITS.test(value)) return undefined;
        contentLength = Number(value);
        break;
      case 'transfer-encoding':
      case 'expect':
      case 'upgrade':
        return undefined;
      case 'host':
        hosts++;
        host = value;
        break;
      case 'connection':
        for (const option of value.toLowerCase().split(',')) {
          const token = trimOws(option);
          if (token === 'close') close = true;
          else if (token === 'upgrade') return undefined;
        }
        break;
    }
  }
  if (contentLength < 0 || hosts !== 1 || !isPlainHost(host)) return undefined;
  return { pipeline, path, raw, contentLength, close };
}

/** `Date` for the answers of one second, made once per second as node:http does. */
let dateSecond = -1;
let dateText = '';
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** The whole HTTP/1.1 answer: status line, headers, body. Throws on an extra header node:http would refuse. */
export function answerBytes(answer: HookAnswer, close: boolean, keepAliveSeconds: number): string {
  let head = `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Unknown'}\r\n`;
  if (answer.headers) {
    for (const name of Object.keys(answer.headers)) {
      const value = answer.headers[name]!;
      if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) throw new TypeError(`invalid response header ${JSON.stringify(name)}`);
      head += `${name}: ${value}\r\n`;
    }
  }
  if (answer.body !== null) head += `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(answer.body)}\r\n`;
  else if (answer.status !== 204 && answer.status !== 304) head += 'content-length: 0\r\n';
  head += `Date: ${httpDate()}\r\n`;
  head += close ? 'Connection: close\r\n\r\n' : `Connection: keep-alive\r\nKeep-Alive: timeout=${keepAliveSeconds}\r\n\r\n`;
  return answer.body === null ? head : head + answer.body;
}

const REQUEST_TIMEOUT_ANSWER = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';
const INTERNAL_ERROR_ANSWER = 'HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nConnection: close\r\n\r\n';
const BAD_REQUEST_ANSWER = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

/** Where a connection is (plain numbers: a class field read on every step). */
const Phase = {
  /** Waiting for (the rest of) a request head. */
  Head: 0,
  /** Head accepted; verification and the body under way. */
  Body: 1,
  /** The pipeline is working on a complete request. */
  Busy: 2,
  /** Closed, closing, or handed to node:http: the front is done with it. */
  Done: 3,
} as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/** The verdict of `admit` while it is still pending. */
const PENDING: unique symbol = Symbol('pending');
/** `admit` let the request through. */
const ADMITTED: unique symbol = Symbol('admitted');

interface FrontShared {
  readonly server: Server;
  readonly direct: DirectRoutes;
  readonly nodeListeners: ReadonlyArray<(socket: Socket) => void>;
  readonly requestTimeoutMs: number;
  readonly connections: Set<FrontConnection>;
  readonly stats: { answered: number; handedOff: number };
  closing: boolean;
}

class FrontConnection {
  readonly #shared: FrontShared;
  readonly #socket: Socket;
  #phase: Phase = Phase.Head;
  /** Bytes read and not consumed yet; more than one entry only while a body or a head is incomplete. */
  #chunks: Buffer[] = [];
  #size = 0;
  /** How much of the pending bytes was searched for the end of the head, and its last 3 bytes (the blank line may straddle two reads). */
  #scannedChunks = 0;
  #scannedBytes = 0;
  #tail: Buffer = EMPTY;
  /** Epoch ms when the connection is cut (request timeout, or keep-alive idle); 0 while the pipeline works. */
  deadline: number;
  /** Whether the deadline is a request's (answer 408) rather than an idle connection's (just close). */
  #requestStarted = false;
  #ended = false;
  #paused = false;
  #waitingForDrain = false;
  #driving = false;

  #head: RequestHead | undefined;
  #request: DirectRequest | undefined;
  #startedAt = 0;
  #verdict: HookAnswer | typeof PENDING | typeof ADMITTED = ADMITTED;
  /** Body bytes of an already answered request still to drop. */
  #skip = 0;

  readonly #onData = (chunk: Buffer): void => this.#data(chunk);
  readonly #onEnd = (): void => this.#end();
  readonly #onClose = (): void => this.#close();
  readonly #onDrain = (): void => this.#drain();

  constructor(shared: FrontShared, socket: Socket) {
    this.#shared = shared;
    this.#socket = socket;
    this.deadline = Date.now() + shared.requestTimeoutMs;
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onClose);
    socket.on('error', ignoreSocketError);
  }

  get idle(): boolean {
    return this.#phase === Phase.Head && this.#size === 0;
  }

  #data(chunk: Buffer): void {
    if (this.#phase === Phase.Done) return;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    // A client pipelining while we work, or while our answers wait for it to read, is held off.
    if ((this.#phase === Phase.Busy || this.#verdict === PENDING || this.#waitingForDrain) && this.#size > this.#bufferLimit()) this.#pause();
    this.#drive();
  }

  #bufferLimit(): number {
    return (this.#head?.pipeline.maxBytes ?? 0) + nodeMaxHeaderSize;
  }

  #pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#socket.pause();
  }

  #resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#socket.resume();
  }

  /** The unconsumed bytes as one buffer. */
  #joined(): Buffer {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#size)];
    return this.#chunks[0] ?? EMPTY;
  }

  #consume(bytes: number): void {
    const all = this.#joined();
    const rest = all.subarray(bytes);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#size = rest.length;
    this.#scannedChunks = 0;
    this.#scannedBytes = 0;
    this.#tail = EMPTY;
  }

  /**
   * Where the blank line ending the head starts in the pending bytes, or -1. Only bytes not searched
   * before are searched, and nothing is copied but the 3 bytes kept across reads: a head arriving a
   * byte at a time costs linear work, as in node:http's parser.
   */
  #findHeadEnd(): number {
    const chunks = this.#chunks;
    for (let i = this.#scannedChunks; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      if (this.#tail.length > 0) {
        const edge = Buffer.concat([this.#tail, chunk.subarray(0, 3)]).indexOf(HEAD_END);
        if (edge >= 0) return this.#scannedBytes - this.#tail.length + edge;
      }
      const inside = chunk.indexOf(HEAD_END);
      if (inside >= 0) return this.#scannedBytes + inside;
      this.#scannedBytes += chunk.length;
      this.#scannedChunks = i + 1;
      this.#tail = Buffer.from(chunk.length >= 3 ? chunk.subarray(-3) : Buffer.concat([this.#tail, chunk]).subarray(-3));
    }
    return -1;
  }

  /** Moves the connection along as far as the bytes at hand allow; re-entrant calls are folded in. */
  #drive(): void {
    if (this.#driving) return;
    this.#driving = true;
    try {
      while (this.#step());
    } finally {
      this.#driving = false;
    }
  }

  /** One step; true when another may follow at once. */
  #step(): boolean {
    switch (this.#phase) {
      case Phase.Head:
        return this.#readHead();
      case Phase.Body:
        return this.#readBody();
      default:
        return false;
    }
  }

  #readHead(): boolean {
    if (this.#waitingForDrain) return false;
    if (this.#skip > 0 && !this.#skipBody()) {
      // The client half-closed before the body of a request already answered was all there: node:http
      // refuses the unfinished request with its bare 400 at that point, so the front does too.
      if (this.#ended) return this.#refuseTruncated();
      return false;
    }
    if (this.#size === 0) {
      if (this.#ended) this.#finishConnection();
      return false;
    }
    if (!this.#requestStarted) {
      this.#requestStarted = true;
      this.deadline = Date.now() + this.#shared.requestTimeoutMs;
    }
    const end = this.#findHeadEnd();
    if (end < 0) {
      if (this.#size > nodeMaxHeaderSize) return this.#handOff();
      if (this.#ended) return this.#refuseTruncated();
      return false;
    }
    if (end + 4 > nodeMaxHeaderSize) return this.#handOff();
    const head = frontHead(this.#joined().toString('latin1', 0, end), this.#shared.direct.routes);
    if (head === undefined) return this.#handOff();
    this.#consume(end + 4);

    const requestId = randomUUID();
    this.#head = head;
    this.#startedAt = performance.now();
    this.#request = new DirectRequest(head.raw, requestId, new LazyRequestLog(this.#shared.direct.logger, requestId));
    this.#phase = Phase.Body;
    const admitted = head.pipeline.admit(this.#request);
    if (admitted instanceof Promise) {
      this.#verdict = PENDING;
      void admitted.then((refused) => {
        this.#verdict = refused ?? ADMITTED;
        this.#drive();
      });
      return false;
    }
    this.#verdict = admitted ?? ADMITTED;
    return true;
  }

  #readBody(): boolean {
    const head = this.#head!;
    const verdict = this.#verdict;
    if (verdict === PENDING) return false;
    if (verdict !== ADMITTED) {
      // Refused before the body, answered at once as on node:http; the body is then read and dropped
      // so the connection stays usable (a declared body over the limit closes it instead).
      this.#skip = verdict.reason === 'body-too-large' ? 0 : head.contentLength;
      return this.#answer(verdict);
    }
    if (this.#size < head.contentLength) {
      if (!this.#ended) return false;
      // The client half-closed mid-body: node:http answers its own bare 400 (nothing of the answer was
      // sent yet), so the wire gets that; the request line gets the pipeline's 'body-unreadable'.
      return this.#answer(head.pipeline.complete(this.#request!, 'unreadable'), BAD_REQUEST_ANSWER);
    }
    const body = this.#joined().subarray(0, head.contentLength);
    this.#consume(head.contentLength);
    return this.#answer(head.pipeline.complete(this.#request!, body));
  }

  /** Drops the body of a request answered before it arrived; true when it is all gone. */
  #skipBody(): boolean {
    const dropped = Math.min(this.#skip, this.#size);
    if (dropped > 0) this.#consume(dropped);
    this.#skip -= dropped;
    return this.#skip === 0;
  }

  /** Sends the pipeline's answer (now, or when it settles); true when the connection can go on at once. */
  #answer(answer: HookAnswer | Promise<HookAnswer>, wire?: string): boolean {
    this.#phase = Phase.Busy;
    this.deadline = 0;
    this.#requestStarted = false;
    if (answer instanceof Promise) {
      void answer.then((settled) => {
        this.#send(settled, wire);
        this.#drive();
      });
      return false;
    }
    this.#send(answer, wire);
    return true;
  }

  /** Writes the answer (or `wire`, bytes that stand in for it) and the request line; then the next request, or the end. */
  #send(answer: HookAnswer, wire?: string): void {
    const head = this.#head!;
    const request = this.#request!;
    this.#head = undefined;
    this.#request = undefined;
    this.#verdict = ADMITTED;
    const socket = this.#socket;
    // A body refused part-way (too large, unreadable) may still be arriving: close rather than drain it.
    // A client that half-closed still gets the answers to every request it sent before (see #readHead).
    let close = wire !== undefined || head.close || this.#shared.closing || answer.reason === 'body-too-large' || answer.reason === 'body-unreadable';
    this.#shared.stats.answered++;
    let sent = answer;
    let failure: unknown;
    if (!socket.destroyed) {
      let bytes: string;
      try {
        bytes = wire ?? answerBytes(answer, close, keepAliveSeconds(this.#shared.server));
      } catch (err) {
        // Only a header the pipeline should never have produced gets here; node:http would throw too.
        bytes = INTERNAL_ERROR_ANSWER;
        close = true;
        sent = { ...answer, status: 500, outcome: 'error', reason: undefined };
        failure = err;
      }
      if (!socket.write(bytes) && !close) {
        this.#waitingForDrain = true;
        this.#pause();
        socket.once('drain', this.#onDrain);
      }
    }
    logAnswer(this.#shared.direct.logger, head.pipeline.hookType, request.requestId, head.path, sent, this.#startedAt, failure);
    if (close) {
      this.#phase = Phase.Done;
      this.#chunks = [];
      this.#size = 0;
      socket.end();
      return;
    }
    this.#phase = Phase.Head;
    // A body still to drop, or the next request already arriving, is a request under way; else the connection idles.
    this.#requestStarted = this.#skip > 0;
    this.deadline = Date.now() + (this.#skip > 0 || this.#size > 0 ? this.#shared.requestTimeoutMs : this.#shared.server.keepAliveTimeout);
    if (!this.#waitingForDrain) this.#resume();
  }

  #drain(): void {
    this.#waitingForDrain = false;
    this.#resume();
    this.#drive();
  }

  /** The client half-closed: a request under way is finished with what arrived, and the connection ends. */
  #end(): void {
    this.#ended = true;
    this.#drive();
  }

  #finishConnection(): void {
    this.#phase = Phase.Done;
    this.#socket.end();
  }

  /** A request cut off by the client's FIN (its head, or the body of a refused one): node:http answers that 400 too. */
  #refuseTruncated(): boolean {
    this.#phase = Phase.Done;
    this.#socket.end(BAD_REQUEST_ANSWER);
    return false;
  }

  #close(): void {
    this.#shared.connections.delete(this);
    this.#ended = true;
    // Gone mid-request: the pipeline still answers it, for the request line (nothing can be written).
    if (this.#phase === Phase.Body) this.#drive();
    else if (this.#phase === Phase.Head) this.#phase = Phase.Done;
  }

  /** Called by the sweep when `deadline` has passed. */
  expire(): void {
    if (this.#phase === Phase.Done || this.#phase === Phase.Busy) return;
    const socket = this.#socket;
    if (!this.#requestStarted && this.#phase === Phase.Head) {
      this.#phase = Phase.Done;
      socket.destroy();
      return;
    }
    const unfinished = this.#phase === Phase.Body && this.#verdict === ADMITTED ? this.#head : undefined;
    const request = this.#request;
    this.#phase = Phase.Done;
    // A client that trickles bytes would not close its side either: the socket goes once the 408 is out.
    socket.end(REQUEST_TIMEOUT_ANSWER, () => socket.destroy());
    if (unfinished && request) {
      // As on node:http, the pipeline sees the body as unreadable; its answer only goes to the request line.
      const answer = unfinished.pipeline.complete(request, 'unreadable');
      const log = (settled: HookAnswer) => logAnswer(this.#shared.direct.logger, unfinished.pipeline.hookType, request.requestId, unfinished.path, settled, this.#startedAt);
      if (answer instanceof Promise) void answer.then(log);
      else log(answer);
    }
  }

  /** Shutdown: an idle connection closes now; a busy one after its answer. */
  closeIfIdle(): void {
    if (this.idle) {
      this.#phase = Phase.Done;
      this.#socket.destroy();
    }
  }

  destroy(): void {
    this.#phase = Phase.Done;
    this.#socket.destroy();
  }

  /** Gives the connection, from the current request's first byte, to node:http. */
  #handOff(): boolean {
    const socket = this.#socket;
    this.#phase = Phase.Done;
    this.#shared.connections.delete(this);
    this.#shared.stats.handedOff++;
    socket.off('data', this.#onData);
    socket.off('end', this.#onEnd);
    socket.off('close', this.#onClose);
    socket.off('drain', this.#onDrain);
    socket.off('error', ignoreSocketError);
    socket.pause();
    const buffered = this.#joined();
    this.#chunks = [];
    this.#size = 0;
    if (buffered.length > 0) socket.unshift(buffered);
    for (const listener of this.#shared.nodeListeners) listener.call(this.#shared.server, socket);
    socket.resume();
    return false;
  }
}

function ignoreSocketError(): void {
  // A reset or a write after the peer left: 'close' follows, and that is where the connection ends.
}

function keepAliveSeconds(server: Server): number {
  return Math.max(0, Math.floor(server.keepAliveTimeout / 1000));
}

/**
 * Puts the front before node:http on `server` (a node:http server whose request listener serves
 * everything else). Call before `listen`.
 */
export function installSocketFront(server: Server, direct: DirectRoutes, options: SocketFrontOptions): SocketFront {
  const nodeListeners = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  const shared: FrontShared = {
    server,
    direct,
    nodeListeners,
    requestTimeoutMs: options.requestTimeoutMs,
    connections: new Set(),
    stats: { answered: 0, handedOff: 0 },
    closing: false,
  };
  server.on('connection', function gatehookConnection(socket: Socket) {
    if (shared.closing) {
      for (const listener of nodeListeners) listener.call(server, socket);
      return;
    }
    shared.connections.add(new FrontConnection(shared, socket));
  });
  // One sweep for every connection's deadline, as often as node:http checks its own request timeouts.
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const connection of shared.connections) if (connection.deadline !== 0 && connection.deadline <= now) connection.expire();
    },
    Math.min(1000, options.requestTimeoutMs),
  );
  sweep.unref();
  server.once('close', () => clearInterval(sweep));
  return {
    stats: shared.stats,
    closeIdle() {
      shared.closing = true;
      for (const connection of shared.connections) connection.closeIfIdle();
    },
    closeAll() {
      shared.closing = true;
      for (const connection of shared.connections) connection.destroy();
      shared.connections.clear();
    },
  };
}

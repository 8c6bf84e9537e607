import { createServer, ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { GatehookEnv } from '../middleware/types.js';
import { groupStdoutLines } from '../middleware/logger/json-logger.js';
import { RECEIVED_AT } from '../middleware/logger/index.js';

export interface ServeOptions {
  /** 0 picks a free port (tests). */
  port?: number;
  /** Default 127.0.0.1: a dev server is not reachable from the network unless asked. */
  hostname?: string;
  /** Close gracefully on SIGINT/SIGTERM (default false: a library does not grab signals unasked). */
  handleSignals?: boolean;
  /** After this many ms of shutdown, open connections are cut (default 5000). */
  shutdownGraceMs?: number;
  /**
   * A request whose headers and body have not fully arrived after this many ms is answered 408 and
   * its connection closed (default 10 000). Okta gives up after 3 s, so a slower upload is never
   * Okta's: without a bound, a client trickling a body holds a socket for Node's default 5 minutes.
   */
  requestTimeoutMs?: number;
  onClose?: () => void;
  /**
   * Group the default logger's stdout lines per millisecond, flushed by a timer and at
   * exit (default true; see `groupStdoutLines`). False keeps one synchronous write per line.
   */
  groupLogLines?: boolean;
}


export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then resolves. */
  close(): Promise<void>;
}

/**
 * Serves a hook app over HTTP through @hono/node-server: node:http in front of `app.fetch`, the same
 * fetch contract Lambda and `app.request` use, so middleware added to the app always runs), and resolves once it is listening.
 *
 * @example
 * const running = await serveNode(createHookApp({ hooks, auth }), { port: 8787, handleSignals: true });
 * console.log(`listening on ${running.url}`);
 */
export async function serveNode(app: Hono<GatehookEnv>, options: ServeOptions = {}): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  const graceMs = options.shutdownGraceMs ?? 5000;
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  // A server's own process: one stdout write per millisecond instead of one per log line.
  if (options.groupLogLines !== false) groupStdoutLines();
  if (!Number.isInteger(requestTimeout) || requestTimeout <= 0) throw new TypeError('serveNode: requestTimeoutMs must be a positive integer');
  const listener = getRequestListener(app.fetch);
  let closing: Promise<void> | undefined;
  // An answer written once close() has started tells its client to go (Connection: close): node:http
  // does not do that on its own. Checked as the head is written, so a request costs no bookkeeping.
  class ClosingAwareResponse extends ServerResponse {}
  const writeHead = ServerResponse.prototype.writeHead;
  ClosingAwareResponse.prototype.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (closing !== undefined) this.shouldKeepAlive = false;
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      // Node checks the two timeouts above only this often (default 30 s).
      connectionsCheckingInterval: Math.min(1000, requestTimeout),
      ServerResponse: ClosingAwareResponse,
    },
    (req, res) => {
      (req as { [RECEIVED_AT]?: number })[RECEIVED_AT] = Date.now();
      void listener(req, res);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;

  const onSignal = () => void close();
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      const force = setTimeout(() => {
        server.closeAllConnections();
      }, graceMs);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        options.onClose?.();
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };
  if (options.handleSignals) process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  return { url: `http://${host}:${port}`, port, server, close };
}

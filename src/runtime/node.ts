import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { GatehookEnv } from '../middleware/types.js';
import { groupStdoutLines } from '../middleware/logger/json-logger.js';
import { directRoutesOf } from './direct-routes.js';
import { directListener } from './node-direct.js';
import { installSocketFront, type SocketFrontStats } from './node-socket.js';

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
   * Serve the hook routes of a `createHookApp` app straight into their pipelines (default true): same
   * answers and log lines as through Hono, at a fraction of the CPU. A hook request in the shape Okta
   * sends is answered below node:http (`node-socket.ts`); any other request goes to node:http, its
   * hook routes still without Hono. False sends every request through node:http and `app.fetch`, e.g.
   * to run middleware added to the app afterwards.
   */
  direct?: boolean;
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
  /** What the socket front has answered and handed to node:http; undefined when it is off (`direct: false`, or no direct routes). */
  readonly socketFront: SocketFrontStats | undefined;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then resolves. */
  close(): Promise<void>;
}

/**
 * Serves a hook app over HTTP (node:http and @hono/node-server, with the socket front for hook
 * requests) and resolves once it is listening.
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
  const viaHono = getRequestListener(app.fetch);
  const direct = options.direct === false ? undefined : directRoutesOf(app);
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      // Node checks the two timeouts above only this often (default 30 s).
      connectionsCheckingInterval: Math.min(1000, requestTimeout),
    },
    direct ? directListener(direct, viaHono) : viaHono,
  );
  const front = direct ? installSocketFront(server, direct, { requestTimeoutMs: requestTimeout }) : undefined;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;

  let closing: Promise<void> | undefined;
  const onSignal = () => void close();
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      const force = setTimeout(() => {
        server.closeAllConnections();
        front?.closeAll();
      }, graceMs);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        options.onClose?.();
        resolve();
      });
      server.closeIdleConnections();
      front?.closeIdle();
    });
    return closing;
  };
  if (options.handleSignals) process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  return { url: `http://${host}:${port}`, port, server, socketFront: front?.stats, close };
}

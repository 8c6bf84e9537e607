import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { GatehookEnv } from '../middleware/types.js';

export interface ServeOptions {
  /** 0 picks a free port (tests). */
  port?: number;
  /** Default 127.0.0.1: a dev server is not reachable from the network unless asked. */
  hostname?: string;
  /** Close gracefully on SIGINT/SIGTERM (default false: a library does not grab signals unasked). */
  handleSignals?: boolean;
  /** After this many ms of shutdown, open connections are cut (default 5000). */
  shutdownGraceMs?: number;
  onClose?: () => void;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then resolves. */
  close(): Promise<void>;
}

/**
 * Serves a hook app over HTTP with @hono/node-server and resolves once it is listening.
 *
 * @example
 * const running = await serveNode(createHookApp({ hooks, auth }), { port: 8787, handleSignals: true });
 * console.log(`listening on ${running.url}`);
 */
export async function serveNode(app: Hono<GatehookEnv>, options: ServeOptions = {}): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  const graceMs = options.shutdownGraceMs ?? 5000;
  const server = createServer(getRequestListener(app.fetch));
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
      const force = setTimeout(() => server.closeAllConnections(), graceMs);
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

import type { AddressInfo, Server } from 'node:net';

/** Tells the parent bench which port a server child listens on, and exits when the parent goes away. */
export function announce(server: Server): void {
  const { port } = server.address() as AddressInfo;
  process.send?.({ port });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

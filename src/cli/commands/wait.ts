/** Resolves with the first SIGINT or SIGTERM, for commands that run until stopped. */
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on).off('SIGTERM', on);
      resolveSignal(signal);
    };
    process.on('SIGINT', on).on('SIGTERM', on);
  });
}

/** One `gatehook <name>` sub-command: one file in src/cli/commands/, registered in commands/index.ts. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Resolves with the process exit code; a long-running command resolves when it has stopped. */
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

/** A mistake in how the command was called: printed with a pointer to --help, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
  readonly code = 'ERR_CLI_USAGE';
}

#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GatehookConfigError } from '../runtime/errors.js';
import { commands } from './commands/index.js';
import { CliUsageError, type CliIo } from './commands/types.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: gatehook <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `gatehook <command> --help` for the options of one command.',
  ].join('\n');
}

/** Runs the CLI and resolves with its exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(overview());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new CliUsageError(`gatehook: unknown command "${name}"`);
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.err(err.message);
      io.err(command ? `Run \`gatehook ${command.name} --help\` for usage.` : overview());
      return 2;
    }
    if (err instanceof GatehookConfigError) {
      io.err(`gatehook ${name}: configuration error (${err.code}): ${err.message}`);
      return 1;
    }
    if ((err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
      // One line a user can act on, instead of node's stack.
      const port = (err as { port?: unknown }).port;
      const change = name === 'emulator' ? '--port <n> or $ORG_PORT' : '--port <n> or $PORT for the hooks, $ORG_PORT for the emulator';
      io.err(`gatehook ${name}: port ${String(port ?? '?')} is already in use; choose another with ${change} (0 picks a free one)`);
      return 1;
    }
    io.err(`gatehook ${name}: ${(err as Error)?.stack ?? String(err)}`);
    return 1;
  }
}

/** Run as a program (`gatehook`, through npm's bin link, or `tsx src/cli/main.ts`), not when imported by a test. */
function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}
if (isEntry()) {
  const io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env };
  process.exitCode = await main(process.argv.slice(2), io);
}

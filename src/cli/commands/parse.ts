import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliUsageError } from './types.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` in strict mode, with its errors turned into usage errors naming the command. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
  } catch (err) {
    throw new CliUsageError(`gatehook ${command}: ${(err as Error).message}`);
  }
}

export function portFrom(command: string, raw: string | undefined, fallback: number, flag = '--port'): number {
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliUsageError(`gatehook ${command}: ${flag} must be an integer from 0 to 65535, got "${raw}"`);
  }
  return port;
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { HookContext, HookResponseBody, InlineHookDefinition, Logger } from '../../src/handlers/core/types.js';
import type { OktaClient } from '../../src/sdk/client.js';
import { checkResponseBody } from '../../src/handlers/core/define.js';
import { ContractViolationError } from '../../src/handlers/core/errors.js';

/** `../shared/okta/samples`, resolved from the repo root. */
export const SAMPLES_DIR = resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/okta/samples');
export const JAVA_DIR = join(SAMPLES_DIR, 'java-sdk-expected');
export const hasSamples = existsSync(SAMPLES_DIR);

export function loadSample(name: string): unknown {
  return JSON.parse(readFileSync(join(SAMPLES_DIR, name), 'utf8'));
}

export function sampleFiles(dir: string, pattern: RegExp): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => pattern.test(f)).sort() : [];
}

export interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A real logger that records lines, so tests can assert on what was logged. */
export function recordingLogger(lines: LogLine[] = []): Logger {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => recordingLogger(lines) };
}

export function testContext(eventId = 'evt-test'): HookContext {
  const deadline = Date.now() + 2500;
  return {
    signal: new AbortController().signal,
    deadline,
    remainingMs: () => Math.max(0, deadline - Date.now()),
    eventId,
    log: recordingLogger(),
    get okta(): OktaClient {
      throw new Error('no Okta client in handler tests');
    },
  };
}

/** Parses `request` with `definition`, failing loudly on issues. */
export function parsed<E>(definition: InlineHookDefinition<E>, request: unknown): E {
  const result = definition.parse(request);
  if (!result.ok) throw new Error(`sample did not parse: ${JSON.stringify(result.issues)}`);
  return result.event;
}

/** Runs `calls` as the handler of a fresh definition against `request`; returns the response body. */
export async function produce<E, A>(
  factory: (handler: (event: E, api: A) => void) => InlineHookDefinition<E>,
  request: unknown,
  calls: (api: A, event: E) => void,
): Promise<HookResponseBody | null> {
  const definition = factory((event, api) => calls(api, event));
  return (await definition.execute(parsed(definition, request), testContext()))?.body ?? null;
}

/** The same JSON text, key order included, as the reference file (re-serialized without whitespace). */
export function sameJson(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

/** The ContractViolationError a run rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejection(run: Promise<unknown>): Promise<ContractViolationError> {
  const error = await run.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ContractViolationError);
  return error as ContractViolationError;
}

/** Runs the full outbound check of a hook type over a hand-written body and returns the violation. */
export function bodyViolation<E>(checkResponse: (body: HookResponseBody, event: E) => void, body: unknown, event?: E): ContractViolationError {
  try {
    checkResponseBody({ checkResponse }, body as HookResponseBody, event as E);
  } catch (e) {
    expect(e).toBeInstanceOf(ContractViolationError);
    return e as ContractViolationError;
  }
  throw new Error('expected a contract violation');
}

/**
 * The playground's logic, apart from HTTP: validate a hand-edited request with the hook type's own
 * `parse`, send it, and judge the response the way Okta would (the emulator's apply-* rules via
 * `judgeHookResponse`), for the whole response and for each command on its own.
 */
import { judgeHookResponse, type Verdict } from '../emulator/hook-calls/judge-response.js';
import type { InlineHookType, ValidationIssue } from '../handlers/core/types.js';
import { hookTypeInfo } from './hook-types.js';
import type { CallHook, HookAuthHeader, HookCallResult } from './options.js';

export type Checked = { ok: true; type: InlineHookType; request: unknown } | { ok: false; issues: ValidationIssue[] };

/** Parses the textarea's JSON and runs the definition's `parse`; issues name the exact location. */
export function checkRequest(type: string | undefined, text: string): Checked {
  const info = hookTypeInfo(type);
  if (!info) return { ok: false, issues: [{ location: 'type', message: `unknown hook type ${JSON.stringify(type ?? '')}` }] };
  let request: unknown;
  try {
    request = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, issues: [{ location: '(body)', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const parsed = info.definition.parse(request);
  return parsed.ok ? { ok: true, type: info.type, request } : { ok: false, issues: parsed.issues };
}

export interface CommandVerdict {
  index: number;
  type: string;
  verdict: Verdict;
}

export interface PlaygroundResult {
  call: HookCallResult;
  /** Present when the hook answered 2xx: Okta's reading of the whole response. */
  verdict?: Verdict;
  commands: CommandVerdict[];
}

/** Sends a checked request and judges the answer. */
export async function sendRequest(
  callHook: CallHook,
  checked: Extract<Checked, { ok: true }>,
  url: string,
  auth: HookAuthHeader | undefined,
): Promise<PlaygroundResult> {
  const call = await callHook(checked.type, url, auth, checked.request);
  if (!call.ok) return { call, commands: [] };
  const verdict = judgeHookResponse(checked.type, checked.request, call.body);
  const commands = commandsOf(call.body).map((command, index) => ({
    index,
    type: typeof command.type === 'string' ? command.type : '(no type)',
    // Okta applies a response all or nothing; judging each command alone pinpoints the one that breaks it.
    verdict: judgeHookResponse(checked.type, checked.request, { commands: [command] }),
  }));
  return { call, verdict, commands };
}

function commandsOf(body: unknown): Record<string, unknown>[] {
  const commands = (body as { commands?: unknown } | null | undefined)?.commands;
  return Array.isArray(commands) ? commands.map((command) => (typeof command === 'object' && command !== null ? (command as Record<string, unknown>) : { type: undefined })) : [];
}

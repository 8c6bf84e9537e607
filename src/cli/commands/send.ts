/**
 * `gatehook send <type>`: plays Okta against a running hook. Builds a realistic request (or reads
 * one), POSTs it the way Okta does, prints status, time and response, and says whether Okta would
 * honour the answer. Exit 0 honoured, 1 not honoured, 2 usage error.
 */
import { readFile } from 'node:fs/promises';
import type { InlineHookType } from '../../handlers/core/types.js';
import { SAMPLE_REQUESTS } from '../../handlers/samples.js';
import { sampleDelivery, sampleLogEvent } from '../../handlers/events/sample.js';
import { isEligibleEventType } from '../../handlers/events/event-types.js';
import { callInlineHook } from '../../emulator/hook-calls/call-inline-hook.js';
import type { HttpChannel } from '../../emulator/hook-calls/channel.js';
import { FAILURE_POLICY } from '../../emulator/hook-calls/failure-policy.js';
import { HOOK_TIMEOUT_MS } from '../../emulator/hook-calls/http-attempt.js';
import { judgeHookResponse } from '../../emulator/hook-calls/judge-response.js';
import { parseCommandArgs } from './parse.js';
import { CliUsageError, type CliIo, type Command } from './types.js';

const SAMPLES = SAMPLE_REQUESTS;
const TYPES = Object.keys(SAMPLES) as InlineHookType[];

const USAGE = `Usage: gatehook send <type> --url <url> [options]

Sends a realistic Okta inline hook request to a running hook and checks the answer against
Okta's contract. <type> is one of: ${TYPES.join(', ')}; or \`events\`, which delivers an
event hook batch (one event of --event-type) the way Okta does and checks that it was accepted.

Options:
  --url <url>           the hook endpoint, e.g. http://127.0.0.1:8787/hooks/token (required)
  --secret <value>      the value Okta sends verbatim in the auth header (default: $HOOK_SECRET)
  --header-name <name>  the auth header name (default: Authorization)
  --bearer <jwt>        send "Authorization: Bearer <jwt>" instead (OAuth 2.0 hooks)
  --data <file.json>    send this request body instead of a generated one
  --timeout-ms <ms>     give up after this long (default: ${HOOK_TIMEOUT_MS}, Okta's limit)
  --event-type <type>   events only: the event in the batch (default: user.lifecycle.deactivate)
  -h, --help            show this help

Exit status: 0 when Okta would honour the response, 1 when it would not, 2 on a usage error.`;

const OPTIONS = {
  url: { type: 'string' },
  secret: { type: 'string' },
  'header-name': { type: 'string' },
  bearer: { type: 'string' },
  data: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'event-type': { type: 'string' },
} as const;

interface SendOptions {
  type: InlineHookType | 'events';
  eventType?: string;
  url: string;
  channel: HttpChannel;
  dataFile?: string;
  timeoutMs: number;
}

function parseSendArgs(args: string[], io: CliIo): SendOptions | 'help' {
  const positional = args[0] !== undefined && !args[0].startsWith('-') ? args[0] : undefined;
  const { values } = parseCommandArgs('send', positional ? args.slice(1) : args, OPTIONS);
  if (values.help) return 'help';
  if (!positional) throw new CliUsageError(`gatehook send: name a hook type (${TYPES.join(', ')})`);
  if (positional !== 'events' && !TYPES.includes(positional as InlineHookType)) {
    throw new CliUsageError(`gatehook send: unknown hook type "${positional}" (expected one of ${TYPES.join(', ')}, events)`);
  }
  const eventType = values['event-type'];
  if (eventType !== undefined && positional !== 'events') throw new CliUsageError('gatehook send: --event-type applies to `send events` only');
  if (eventType !== undefined && !isEligibleEventType(eventType)) {
    throw new CliUsageError(`gatehook send: "${eventType}" is not an event type Okta delivers to event hooks`);
  }
  if (!values.url) throw new CliUsageError('gatehook send: --url is required');
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    throw new CliUsageError(`gatehook send: --url is not a URL: "${values.url}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliUsageError('gatehook send: --url must be http(s)');
  const timeoutMs = values['timeout-ms'] === undefined ? HOOK_TIMEOUT_MS : Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 600_000) {
    throw new CliUsageError(`gatehook send: --timeout-ms must be a positive integer, got "${values['timeout-ms']}"`);
  }
  if (values.bearer !== undefined && (values.secret !== undefined || values['header-name'] !== undefined)) {
    throw new CliUsageError('gatehook send: use either --bearer or --secret/--header-name, not both');
  }
  const secret = values.secret ?? io.env.HOOK_SECRET;
  const authScheme =
    values.bearer !== undefined
      ? { type: 'HEADER' as const, key: 'Authorization', value: `Bearer ${values.bearer}` }
      : secret
        ? { type: 'HEADER' as const, key: values['header-name'] ?? 'Authorization', value: secret }
        : null;
  return {
    type: positional as SendOptions['type'],
    ...(eventType !== undefined ? { eventType } : {}),
    url: url.href,
    channel: { type: 'HTTP', version: '1.0.0', config: { uri: url.href, method: 'POST', authScheme } },
    ...(values.data !== undefined ? { dataFile: values.data } : {}),
    timeoutMs,
  };
}

async function requestBody(options: SendOptions): Promise<unknown> {
  if (options.dataFile === undefined) {
    if (options.type === 'events') return sampleDelivery([sampleLogEvent(options.eventType ? { eventType: options.eventType } : {})]);
    return SAMPLES[options.type]();
  }
  let text: string;
  try {
    text = await readFile(options.dataFile, 'utf8');
  } catch (error) {
    throw new CliUsageError(`gatehook send: cannot read --data ${options.dataFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliUsageError(`gatehook send: --data ${options.dataFile} is not valid JSON`);
  }
}

export async function runSend(args: string[], io: CliIo): Promise<number> {
  const options = parseSendArgs(args, io);
  if (options === 'help') {
    io.out(USAGE);
    return 0;
  }
  const request = await requestBody(options);
  const eventId = (request as { eventId?: unknown }).eventId;
  const described = options.type === 'events' ? 'event hook delivery' : FAILURE_POLICY[options.type].eventType;
  io.out(`POST ${options.url}  (${options.type}, ${described}, eventId ${String(eventId)})`);
  if (options.channel.config.authScheme === null) {
    io.out('no auth header sent: pass --secret <value>, set HOOK_SECRET, or use --bearer <jwt> (a hook that checks auth answers 401)');
  }
  if (options.type === 'events') return deliverEvents(options, request, io);
  const type = options.type;

  const outcome = await callInlineHook(options.channel, request, { hookType: type, timeoutMs: options.timeoutMs });
  const attempts = `${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}`;
  if (!outcome.ok) {
    io.out(`${outcome.status ? `HTTP ${outcome.status}` : 'No response'} after ${outcome.durationMs} ms (${attempts}): ${outcome.failure}, ${outcome.message}`);
    io.out(`Verdict: NOT honoured. Okta would ${describeEffect(type)}.`);
    return 1;
  }
  io.out(`HTTP ${outcome.status} in ${outcome.durationMs} ms (${attempts})`);
  io.out(outcome.body === undefined ? '(empty body)' : JSON.stringify(outcome.body, null, 2));
  const verdict = judgeHookResponse(type, request, outcome.body);
  if (outcome.durationMs >= HOOK_TIMEOUT_MS) {
    io.out(`Verdict: NOT honoured. The answer took ${outcome.durationMs} ms; Okta gives up after ${HOOK_TIMEOUT_MS} ms and would ${describeEffect(type)}.`);
    return 1;
  }
  io.out(`Verdict: ${verdict.honoured ? 'honoured' : 'NOT honoured'}. ${capitalise(verdict.summary)}.`);
  return verdict.honoured ? 0 : 1;
}

/**
 * An event hook delivery: Okta counts a 2xx within its 3 s timeout as delivered; it retries a timeout or a
 * 5xx once and never retries a 4xx, so a receiver must acknowledge fast and process later.
 */
async function deliverEvents(options: SendOptions, request: unknown, io: CliIo): Promise<number> {
  const auth = options.channel.config.authScheme;
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(auth ? { [auth.key]: auth.value } : {}) },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : (error as Error).message;
    io.out(`No response after ${Math.round(performance.now() - started)} ms: ${reason}`);
    io.out('Verdict: NOT delivered. Okta would retry the delivery once, then drop it.');
    return 1;
  }
  const text = await response.text();
  const durationMs = Math.round(performance.now() - started);
  io.out(`HTTP ${response.status} in ${durationMs} ms`);
  if (text) io.out(text);
  if (response.ok && durationMs < HOOK_TIMEOUT_MS) {
    io.out('Verdict: delivered. Okta would not send this batch again.');
    return 0;
  }
  if (response.status >= 400 && response.status < 500) {
    io.out(`Verdict: NOT delivered: HTTP ${response.status}. Okta does not retry a 4xx: the events of this batch would be lost.`);
    return 1;
  }
  const why = response.ok ? `the answer took ${durationMs} ms (Okta waits ${HOOK_TIMEOUT_MS} ms)` : `HTTP ${response.status} is not a success`;
  io.out(`Verdict: NOT delivered: ${why}. Okta would retry the delivery once, then drop it.`);
  return 1;
}

const EFFECTS: Record<string, string> = {
  'mint-original-token': 'mint the original token',
  'deny-registration': 'deny the registration',
  'fail-sign-in': 'fail the sign-in',
  'create-user': 'create the user unchanged',
  'use-original-assertion': 'use the original assertion',
  'okta-telephony-provider': "send the OTP through its own provider",
};

function describeEffect(type: InlineHookType): string {
  return EFFECTS[FAILURE_POLICY[type].effect] ?? FAILURE_POLICY[type].effect;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const sendCommand: Command = {
  name: 'send',
  summary: 'send a realistic Okta hook request to a running hook and check the answer',
  usage: USAGE,
  run: runSend,
};

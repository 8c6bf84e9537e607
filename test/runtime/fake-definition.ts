import type { FallbackReason, HookContext, HookResponseBody, InlineHookDefinition, SealedResponse } from '../../src/handlers/core/types.js';

export interface FakeEvent {
  eventId: string;
  data: { wait?: number; fail?: 'throw' | 'contract'; empty?: boolean; useOkta?: boolean; password?: string };
}

export class FakeContractViolation extends Error {
  override name = 'ContractViolationError';
  readonly code = 'ERR_HOOK_CONTRACT';
  readonly rule = 'fake.rule';
}

/** A tiny definition standing in for tokenHook(...) etc.: behaviour is chosen by the request body. */
export function fakeDefinition(overrides: Partial<InlineHookDefinition<FakeEvent>> = {}): InlineHookDefinition<FakeEvent> & {
  contexts: HookContext[];
  fallbacks: Array<{ event: FakeEvent | undefined; reason: FallbackReason }>;
} {
  const contexts: HookContext[] = [];
  const fallbacks: Array<{ event: FakeEvent | undefined; reason: FallbackReason }> = [];
  return {
    type: 'token',
    eventType: 'com.okta.oauth2.tokens.transform',
    contexts,
    fallbacks,
    parse(body) {
      const b = body as Record<string, unknown>;
      const issues = [];
      if (typeof b.eventId !== 'string') issues.push({ location: 'eventId', message: 'eventId must be a string' });
      if (typeof b.data !== 'object' || b.data === null) issues.push({ location: 'data', message: 'data must be an object' });
      return issues.length > 0 ? { ok: false, issues } : { ok: true, event: body as FakeEvent };
    },
    async execute(event, ctx): Promise<SealedResponse | null> {
      contexts.push(ctx);
      if (event.data.wait) {
        await new Promise((resolve) => setTimeout(resolve, event.data.wait));
      }
      if (event.data.fail === 'throw') throw new Error('handler exploded with internal detail');
      if (event.data.fail === 'contract') throw new FakeContractViolation('reserved claim "sub" in identity patch');
      if (event.data.useOkta) return sealed({ commands: [{ type: 'okta', value: ctx.okta.orgUrl }] });
      if (event.data.empty) return null;
      return sealed({ commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/x', value: event.eventId }] }] });
    },
    fallback(event, reason) {
      fallbacks.push({ event, reason });
      return null;
    },
    redact(body) {
      return body;
    },
    ...overrides,
  };
}

function sealed(body: HookResponseBody): SealedResponse {
  return { body, text: JSON.stringify(body) };
}

export function captureLogs(): { lines: Array<Record<string, unknown>>; write: (line: string) => void; text: () => string } {
  const raw: string[] = [];
  return {
    get lines() {
      return raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    write: (line) => raw.push(line),
    text: () => raw.join('\n'),
  };
}

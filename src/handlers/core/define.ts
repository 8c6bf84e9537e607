import type * as z from 'zod/mini';
import type { FallbackReason, HookContext, HookResponseBody, InlineHookDefinition, InlineHookType, ParseResult, SealedResponse } from './types.js';
import { ResponseDraft } from './draft.js';
import { toValidationIssues, type SchemaIssue } from './issues.js';
import { redactSecrets } from './redact.js';
import { checkEnvelope, checkSize, serializeWithinLimit } from './response.js';
import { compileFastAccept } from './fast-parse.js';
import { isPromiseLike } from './promise.js';

/** The user's code for one inline hook: read `event`, describe the answer through `api`. */
export type HookHandler<E, Api> = (event: E, api: Api, ctx: HookContext) => void | PromiseLike<void>;

/** What a hook type contributes; everything else (parse plumbing, checks, sealing) is shared. */
export interface HookSpec<Raw, E, Api> {
  readonly type: InlineHookType;
  readonly eventType: string;
  readonly schema: z.ZodMiniType<Raw, unknown>;
  toEvent(raw: Raw): E;
  createApi(event: E, draft: ResponseDraft): Api;
  /** Type-specific contract rules over the finished body; throws `ContractViolationError`. */
  checkResponse(body: HookResponseBody, event: E): void;
  /**
   * True when `createApi`'s builder runs every rule of `checkResponse` on what it writes, on the very
   * copy it stores, and the rules hold for the body as a whole once they hold for each write (no rule
   * across writes that a later write could break). `execute` then skips `checkResponse`; the full
   * check stays for any other body (`checkResponseBody`). Each such type has a test that runs random
   * builder calls and compares with the full check.
   */
  builderChecksRules?: boolean;
  /** Called when the handler wrote nothing; a type that cannot answer with 204 throws here. */
  checkEmpty?(event: E): void;
  fallback(event: E | undefined, reason: FallbackReason): HookResponseBody | null;
  /** Scrubs type-specific secrets beyond the common secret member names. */
  redactExtra?(copy: Record<string, unknown>, original: Record<string, unknown>): void;
}

export function defineInlineHook<Raw, E, Api>(spec: HookSpec<Raw, E, Api>, handler: HookHandler<E, Api>): InlineHookDefinition<E> {
  if (typeof handler !== 'function') throw new TypeError(`${spec.type} hook: the handler must be a function`);
  /** The finished draft as the response body, after the contract checks; throws `ContractViolationError`. */
  const sealChecked = (draft: ResponseDraft, event: E): SealedResponse | null => {
    const body = draft.seal();
    if (body === null) {
      spec.checkEmpty?.(event);
      return null;
    }
    // Only the builder wrote this body, so the envelope rules hold by construction (see ResponseDraft)
    // and `checkEnvelope` would walk it for nothing; the type's rules likewise when its builder
    // already ran them on every write. The size can only be known now, from the one serialization.
    if (!spec.builderChecksRules) spec.checkResponse(body, event);
    return { body, text: serializeWithinLimit(body) };
  };
  // Most requests are valid: the compiled check accepts them without zod's copy (see fast-parse.ts).
  const acceptsAsIs = compileFastAccept(spec.schema);
  return {
    type: spec.type,
    eventType: spec.eventType,
    parse(body: unknown): ParseResult<E> {
      if (acceptsAsIs?.(body)) return { ok: true, event: spec.toEvent(body as Raw) };
      const result = spec.schema.safeParse(body);
      if (!result.success) return { ok: false, issues: toValidationIssues(result.error.issues as readonly SchemaIssue[], body) };
      return { ok: true, event: spec.toEvent(result.data) };
    },
    execute(event: E, ctx: HookContext): SealedResponse | null | Promise<SealedResponse | null> {
      const draft = new ResponseDraft();
      try {
        const pending = handler(event, spec.createApi(event, draft), ctx);
        // Adopting the result runs user code too (a `then` or `constructor` getter): a throw there is the
        // handler's failure, answered with the type's fallback. A handler that returned no promise has
        // finished: its answer needs no deadline, no timer, no microtask.
        if (isPromiseLike(pending)) return Promise.resolve(pending).then(() => sealChecked(draft, event));
      } catch (err) {
        return Promise.reject(err);
      }
      try {
        return sealChecked(draft, event);
      } catch (err) {
        return Promise.reject(err);
      }
    },
    fallback: (event, reason) => spec.fallback(event, reason),
    redact: (body) => redactSecrets(body, spec.redactExtra),
  };
}

/** The full outbound check: shared envelope, the type's rules, then the size limit. */
export function checkResponseBody<E>(spec: Pick<HookSpec<unknown, E, unknown>, 'checkResponse'>, body: HookResponseBody, event: E): void {
  checkEnvelope(body);
  spec.checkResponse(body, event);
  checkSize(body);
}

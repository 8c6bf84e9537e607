import type { OutcomeCount } from '../middleware/metrics/index.js';
/**
 * What the console needs from its host: the emulator it shows, the development token that unlocks
 * it, and a way to call hook endpoints. Everything else has a default.
 */
import type { InlineHookType } from '../handlers/core/types.js';
import type { Emulator } from '../emulator/index.js';

/** How the playground authenticates to a hook: one header, sent verbatim (shared secret or `Bearer <jwt>`). */
export interface HookAuthHeader {
  header: string;
  value: string;
}

export type HookCallResult =
  | { ok: true; status: number; body?: unknown; durationMs: number; attempts: number }
  | { ok: false; status?: number; failure: string; message: string; durationMs: number; attempts: number };

export type CallHook = (type: InlineHookType, url: string, auth: HookAuthHeader | undefined, body: unknown) => Promise<HookCallResult>;

export interface ConsoleOptions {
  /** The org to show, as returned by `createEmulator` (or `startEmulator(...).emulator`). */
  emulator: Pick<Emulator, 'app' | 'store'>;
  /** The emulator's development API token (`apiTokens[0]`): unlocks the console and signs its API calls. */
  token: string;
  /** Where the console is mounted on the emulator's server (default `/_console`); used for links and the cookie path. */
  basePath?: string;
  /** Calls a hook endpoint; defaults to Okta's calling rules (`callInlineHook`: 3 s deadline, per-type retry). */
  callHook?: CallHook;
  /** Playground default auth, e.g. `{ header: 'Authorization', value: process.env.HOOK_SECRET }`. Never rendered. */
  hookAuth?: HookAuthHeader;
  /** Base URL of the hook server (`http://127.0.0.1:8787`); the playground suggests `<base>/hooks/<type>`. */
  hookBaseUrl?: string;
  /** Re-delivers dead-lettered event hook deliveries; the console shows a replay button when given. */
  replayDeadLetters?: () => Promise<unknown>;
  /** The hook server's calls by outcome (`gatehook dev` passes its counter); the console shows them under "Hook calls". */
  hookCalls?: () => readonly OutcomeCount[];
}

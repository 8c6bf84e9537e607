/**
 * Server-issued DPoP nonces (RFC 9449 section 8): an HMAC of the current time window under a key
 * of this emulator process, so no nonce is stored. A nonce stays good for its window and the next
 * one; after that (or a restart) the client is told `use_dpop_nonce` with a fresh one, as Okta does.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const WINDOW_MS = 5 * 60_000;

export interface DpopNonces {
  current(now: Date): string;
  valid(nonce: string, now: Date): boolean;
}

export function createDpopNonces(key: Buffer = randomBytes(32)): DpopNonces {
  const forWindow = (window: number) => createHmac('sha256', key).update(`dpop-nonce:${window}`).digest('base64url');
  const windowOf = (now: Date) => Math.floor(now.getTime() / WINDOW_MS);
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  return {
    current: (now) => forWindow(windowOf(now)),
    valid: (nonce, now) => {
      const window = windowOf(now);
      return same(nonce, forWindow(window)) || same(nonce, forWindow(window - 1));
    },
  };
}

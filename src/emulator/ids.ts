import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 text; rejection sampling keeps the distribution uniform. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/**
 * Okta object ids are a three-character type prefix and 17 random characters,
 * e.g. `00u1a2b3c4d5e6f7g8h9` for a user. The prefix tells a reader what the id names.
 */
export const ID_PREFIX = {
  user: '00u',
  group: '00g',
  app: '0oa',
  session: '102',
  inlineHook: 'cal',
  eventHook: 'who',
  totpOkta: 'ost',
  totpGoogle: 'uft',
  sms: 'sms',
  call: 'clf',
  email: 'emf',
  question: 'ufs',
  push: 'opf',
  pushTransaction: 'v2m',
  authenticator: 'aut',
  organization: '00o',
  outbox: 'obx',
  errorId: 'oae',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

export function newId(kind: IdKind): string {
  return ID_PREFIX[kind] + randomBase62(17);
}

export function newErrorId(): string {
  return ID_PREFIX.errorId + randomBase62(19);
}

export function newRequestId(): string {
  return randomBytes(20).toString('base64url');
}

export function newUuid(): string {
  return randomUUID();
}

export function newOpaqueToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

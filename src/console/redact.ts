/**
 * Redaction for anything the console renders. Stricter than the hook runtime's log redaction: the
 * page is shown to whoever sits at the machine and ends up in screenshots, so any value under a
 * secret-sounding name goes, as does any string containing one of the secrets the console knows.
 */
import { REDACTED, redactSecrets } from '../handlers/core/redact.js';

export { REDACTED };

/** Names whose scalar values are secrets. Checked after `NOT_SECRET`, which holds dates and kinds. */
const SECRET_NAME = /pass(word|code)|secret|token|authorization|assertion|otp|private|api_?key|activation|signature|\bcode$/i;
const NOT_SECRET = /(Changed|At|Type|_type|Status|Step|expiration|lifetime|Version)$|^(tokenType|token_type)$/;
/** Credentials recognisable by their shape wherever they appear. */
const CREDENTIAL_SHAPE = /\b(SSWS|Bearer|Basic)\s+\S+/g;

export type Redactor = (value: unknown) => unknown;

/**
 * A redactor that also blanks the given secret strings (the development token, the playground's
 * hook secret) wherever they occur, so a secret echoed back by a hook is not shown either.
 */
export function createRedactor(knownSecrets: readonly (string | undefined)[]): Redactor {
  const secrets = knownSecrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);
  const scrubString = (text: string): string => {
    let out = text.replace(CREDENTIAL_SHAPE, (_match, scheme: string) => `${scheme} ${REDACTED}`);
    for (const secret of secrets) out = out.replaceAll(secret, REDACTED);
    return out;
  };
  const walk = (value: unknown, name?: string): unknown => {
    if (Array.isArray(value)) return value.map((item) => walk(item, name));
    if (typeof value === 'string') return name !== undefined && isSecretName(name) ? REDACTED : scrubString(value);
    if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
      return name !== undefined && isSecretName(name) && value !== null && value !== undefined ? REDACTED : value;
    }
    if (typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) out[key] = walk(member, key);
    return out;
  };
  return (value) => walk(redactSecrets(value));
}

function isSecretName(name: string): boolean {
  return !NOT_SECRET.test(name) && SECRET_NAME.test(name);
}

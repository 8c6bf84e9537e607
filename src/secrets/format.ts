import { SecretSourceError } from './types.js';

/**
 * Reads the hook secret format shared with the CDK app: a plain string, or JSON
 * `{"current": "...", "previous": "..."}` while a rotation is in progress. Surrounding whitespace is
 * dropped because HTTP header values cannot carry it (a secret saved from a file often ends in `\n`).
 */
export function parseHookSecret(secretString: string, origin: string): readonly string[] {
  const text = secretString.trim();
  if (text === '') throw new SecretSourceError('ERR_SECRET_FORMAT', `${origin} is empty`);
  if (!text.startsWith('{')) return [text];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretSourceError('ERR_SECRET_FORMAT', `${origin} starts with "{" but is not valid JSON`);
  }
  const record = parsed as Record<string, unknown>;
  const current = typeof record.current === 'string' ? record.current.trim() : '';
  if (current === '') {
    throw new SecretSourceError('ERR_SECRET_FORMAT', `${origin} is JSON without a non-empty string "current"`);
  }
  const previous = record.previous;
  if (previous === undefined || previous === null || previous === '') return [current];
  if (typeof previous !== 'string') {
    throw new SecretSourceError('ERR_SECRET_FORMAT', `${origin} has a "previous" that is not a string`);
  }
  return previous.trim() === '' || previous.trim() === current ? [current] : [current, previous.trim()];
}

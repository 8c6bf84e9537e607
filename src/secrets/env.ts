import { GatehookConfigError } from '../runtime/errors.js';
import { parseHookSecret } from './format.js';
import type { SecretSource } from './types.js';

export type Env = Record<string, string | undefined>;

function read(env: Env): readonly string[] {
  const current = env.HOOK_SECRET?.trim();
  if (!current) {
    throw new GatehookConfigError(
      'ERR_HOOK_SECRET_MISSING',
      'HOOK_SECRET is not set: set it to the exact value Okta sends in the Authorization header ' +
        '(or use fromSecretsManager with GATEHOOK_HOOK_SECRET_ID in Lambda)',
    );
  }
  // JSON `{"current","previous"}` keeps both, as Secrets Manager does, so a rotation written in that
  // shape into the environment does not lock out Okta while it still sends the previous value.
  const values = parseHookSecret(current, 'HOOK_SECRET');
  const previous = env.HOOK_SECRET_PREVIOUS?.trim();
  return previous ? [...new Set([...values, previous])] : values;
}

/**
 * Hook secrets from the environment: `HOOK_SECRET` (a plain value, or JSON `{"current","previous"}`),
 * plus `HOOK_SECRET_PREVIOUS` while rotating.
 * Throws `GatehookConfigError` at construction when `HOOK_SECRET` is missing; there is no default.
 * A forced refresh re-reads the environment (cheap, so not rate-limited).
 *
 * @example
 * const secrets = fromEnv(); // HOOK_SECRET="Basic ZGV2Om..."
 */
export function fromEnv(env: Env = process.env): SecretSource {
  let values = read(env);
  return {
    async get(options = {}) {
      if (options.forceRefresh) values = read(env);
      return values;
    },
    peek: () => values,
  };
}

/** Fixed values, for tests and for callers that manage secrets themselves. */
export function fromValues(...secrets: string[]): SecretSource {
  const values = secrets.filter((s) => s !== '');
  if (values.length === 0) throw new GatehookConfigError('ERR_HOOK_SECRET_MISSING', 'fromValues needs at least one non-empty secret');
  return { get: async () => values, peek: () => values };
}

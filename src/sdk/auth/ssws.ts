import { OktaConfigError } from '../errors.js';
import type { Authenticator } from './types.js';

/** Sends an Okta API token as `Authorization: SSWS <token>`. */
export function sswsAuth(token: string): Authenticator {
  if (typeof token !== 'string' || token.trim() === '' || /[\r\n]/.test(token)) {
    throw new OktaConfigError('auth.token must be a non-empty single-line string');
  }
  const headers = { authorization: `SSWS ${token}` };
  return { authorize: async () => headers };
}

import type { EmulatorDeps } from './context.js';
import { newId } from './ids.js';
import type { SessionDoc, UserDoc } from './store/types.js';

/**
 * A new ACTIVE org session for `user`, as Okta shapes it: the one document both ways of starting a session
 * make (`POST /api/v1/sessions` with a session token, and the hosted sign-in of `/v1/authorize`).
 */
export function newSessionDoc(
  deps: Pick<EmulatorDeps, 'clock' | 'settings'>,
  user: UserDoc,
  options: { amr: string[]; lastPasswordVerification: string | null | undefined },
): SessionDoc {
  const now = deps.clock.now();
  const mfa = options.amr.includes('mfa');
  return {
    id: newId('session'),
    userId: user.id,
    login: user.profile.login,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.settings.sessionLifetimeMs).toISOString(),
    status: 'ACTIVE',
    lastPasswordVerification: options.lastPasswordVerification ?? null,
    lastFactorVerification: mfa ? now.toISOString() : null,
    amr: options.amr,
    idp: { id: '00o' + user.id.slice(3), type: 'OKTA' },
    mfaActive: mfa,
  };
}

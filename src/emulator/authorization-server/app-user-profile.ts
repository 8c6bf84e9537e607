/**
 * The app user profile `appuser.<attr>` claims read: the profile of the user's assignment to the
 * app behind `clientId`. App assignments belong to the directory area; until it fills this seam
 * in, an app user's profile is empty and `appuser.*` claims are left out of tokens.
 */
import type { EmulatorDeps } from '../context.js';

export function appUserProfile(_deps: Pick<EmulatorDeps, 'store'>, _clientId: string, _userId: string): Record<string, unknown> {
  return {};
}

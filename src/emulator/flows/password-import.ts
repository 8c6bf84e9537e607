/**
 * Sign-in of a user whose password lives elsewhere (credential provider IMPORT): Okta hands the
 * typed password to the password import hook. VERIFIED stores it (scrypt) and moves the user to
 * provider OKTA, so the hook is never asked again; UNVERIFIED, an error or a failed call fails the
 * sign-in, and the hook runs again next time. The outcome is logged as `user.import.password`.
 */
import { userTarget } from '../audit.js';
import type { EmulatorDeps } from '../context.js';
import { applyPasswordImportResponse, passwordImportHookFailed } from '../hook-calls/apply-password-import.js';
import { newUuid } from '../ids.js';
import { hashSecret, verifySecret } from '../password.js';
import type { LogEvent, UserDoc } from '../store/types.js';
import { hookEnvelope, runInlineHook, type HookRequestInfo } from './hook-runner.js';

/** True when `password` is the user's: checked locally, or (provider IMPORT) by the password import hook. */
export async function checkPassword(deps: EmulatorDeps, user: UserDoc, password: string, request: HookRequestInfo): Promise<boolean> {
  const secret = deps.store.users.getSecret(user.id);
  if (user.credentials.provider.type !== 'IMPORT' || secret?.passwordHash) return verifySecret(password, secret?.passwordHash);
  const call = await runInlineHook(deps, 'password-import', request.id, (hook) =>
    hookEnvelope(deps, 'password-import', `${new URL(request.url.value).origin}/api/v1/inlineHooks/${hook.id}`, {
      context: { request, credential: { username: user.profile.login, password } },
      action: { credential: 'UNVERIFIED' },
    }),
  );
  if (!call) {
    deps.logger.warn('emulator: user has an imported password but no password import hook is active', { userId: user.id });
    importEvent(deps, user, request.id, false, 'no active password import hook');
    return false;
  }
  const { outcome } = call;
  const result = outcome.ok ? applyPasswordImportResponse(outcome.body) : passwordImportHookFailed(outcome.message);
  call.processed({
    applied: result.kind !== 'failed',
    ...(result.kind !== 'verified' ? { reason: result.reason } : {}),
    ...(result.debugContext ? { debugContext: result.debugContext } : {}),
  });
  if (result.kind !== 'verified') {
    importEvent(deps, user, request.id, false, result.reason);
    return false;
  }
  const now = deps.clock.now().toISOString();
  const imported: UserDoc = { ...user, passwordChanged: now, lastUpdated: now, credentials: { ...user.credentials, provider: { type: 'OKTA', name: 'OKTA' } } };
  deps.store.users.update(imported, { ...(secret ?? { failedLogins: 0 }), passwordHash: await hashSecret(password, deps.settings.scryptCost) });
  importEvent(deps, imported, request.id, true, null);
  return true;
}

function importEvent(deps: EmulatorDeps, user: UserDoc, transactionId: string, success: boolean, reason: string | null): void {
  const event: LogEvent = {
    uuid: newUuid(),
    published: deps.clock.now().toISOString(),
    eventType: 'user.import.password',
    version: '0',
    severity: success ? 'INFO' : 'WARN',
    legacyEventType: null,
    displayMessage: 'Fire password import hook',
    actor: userTarget(user),
    client: { userAgent: null, zone: 'null', device: 'Unknown', id: null, ipAddress: null, geographicalContext: null },
    device: null,
    authenticationContext: { authenticationStep: 0, externalSessionId: 'unknown' },
    securityContext: {},
    outcome: { result: success ? 'SUCCESS' : 'FAILURE', reason },
    target: [userTarget(user)],
    transaction: { type: 'WEB', id: transactionId, detail: {} },
    debugContext: { debugData: {} },
    request: { ipChain: [] },
  };
  deps.store.logs.append(event);
}

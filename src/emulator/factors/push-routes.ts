/** Push-only operations: the transaction poll, the QR code link, and the simulated phone. */
import { audit, userTarget } from '../audit.js';
import type { EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { baseUrl, isObject, readJsonObject, stringField } from '../http.js';
import { newId } from '../ids.js';
import { EMAIL_PATTERN } from '../validation.js';
import { factorOr404 } from './lookup.js';
import { requirePhoneNumber } from './phone.js';
import { actOnDevice, findTransaction, pollActivation, transactionBody, type DeviceAction } from './push.js';

/** The phone's side of a pending activation, as a link the user opens on the device. */
function deviceUrl(base: string, userId: string, factorId: string): string {
  return `${base}/api/v1/_emulator/users/${userId}/factors/${factorId}/push`;
}

export function pushRoutes(deps: EmulatorDeps): RouteDef[] {
  return [
    ...(['email', 'sms'] as const).map(
      (channel): RouteDef => ({
        method: 'POST',
        path: `/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate/${channel}`,
        scope: 'okta.users.manage',
        handler: async (c) => {
          // Sends the activation link to the user (into the outbox), then answers like a poll.
          const { user, factor, secret } = factorOr404(c, deps);
          if (factor.factorType !== 'push' || factor.status !== 'PENDING_ACTIVATION') {
            throw new OktaApiError('E0000001', 'factorActivateRequest', ['Factor is not pending activation.']);
          }
          const body = await readJsonObject(c);
          const profile = isObject(body.profile) ? body.profile : {};
          const to =
            channel === 'sms'
              ? requirePhoneNumber(String(profile.phoneNumber ?? user.profile.mobilePhone ?? ''))
              : String(profile.email ?? user.profile.email);
          if (channel === 'email' && !EMAIL_PATTERN.test(to)) throw new OktaApiError('E0000001', 'email', ['email: Does not match required pattern']);
          const poll = pollActivation(c, deps, user, factor, secret);
          // An approved activation completes on the next activate poll; only a waiting one is refreshed here.
          if (poll.kind === 'pending') deps.store.factors.update(factor, poll.secret);
          deps.store.outbox.insert({
            id: newId('outbox'),
            created: deps.clock.now().toISOString(),
            channel,
            to,
            userId: user.id,
            factorId: factor.id,
            code: '',
            message: `Activate Okta Verify: ${deviceUrl(baseUrl(c, deps), user.id, factor.id)}`,
            provider: 'okta',
          });
          return c.json(poll.kind === 'pending' ? poll.body : { factorResult: 'SUCCESS' });
        },
      }),
    ),
    {
      method: 'GET',
      path: '/api/v1/users/{userId}/factors/{factorId}/transactions/{transactionId}',
      scope: 'okta.users.read',
      handler: (c) => {
        const { factor, secret } = factorOr404(c, deps);
        const transaction = findTransaction(secret, c.req.param('transactionId') ?? '');
        return c.json(transactionBody(deps, baseUrl(c, deps), factor, transaction));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users/{userId}/factors/{factorId}/qr/{token}',
      scope: 'okta.users.read',
      handler: (c) => {
        const { factor, secret } = factorOr404(c, deps);
        const token = c.req.param('token') ?? '';
        if (factor.factorType !== 'push' || secret.pushActivation?.token !== token) throw notFound('QrCode', token);
        // Okta serves a PNG for the phone to scan; the emulator's "phone" is the endpoint this names.
        const device = deviceUrl(baseUrl(c, deps), factor.userId, factor.id);
        return c.body(`${device}\r\n`, 200, { 'content-type': 'text/uri-list' });
      },
    },
    {
      // Emulator-only: what the simulated phone would show now (the console lists these with approve/reject).
      method: 'GET',
      path: '/api/v1/_emulator/push',
      handler: (c) => {
        if (c.get('principal').kind !== 'ssws') throw new OktaApiError('E0000006');
        return c.json(pendingPushes(deps));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/_emulator/users/{userId}/factors/{factorId}/push',
      handler: async (c) => {
        // Emulator-only, like the outbox: for the org's API tokens, not for OAuth clients.
        if (c.get('principal').kind !== 'ssws') throw new OktaApiError('E0000006');
        const { user, factor, secret } = factorOr404(c, deps);
        if (factor.factorType !== 'push') throw new OktaApiError('E0000001', 'factorId', ['factorId: Only push factors answer on a phone']);
        const body = await readJsonObject(c);
        const action = stringField(body, 'action') ?? 'approve';
        if (action !== 'approve' && action !== 'reject') throw new OktaApiError('E0000001', 'action', ['action: must be approve or reject']);
        const done = actOnDevice(deps, factor, secret, action as DeviceAction, stringField(body, 'transactionId'));
        deps.store.factors.update(factor, done.secret);
        if (done.result.factorResult === 'SUCCESS') {
          audit(c, deps, { eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', target: [userTarget(user)] });
        } else if (done.result.factorResult === 'REJECTED') {
          audit(c, deps, {
            eventType: 'user.mfa.okta_verify.deny_push',
            displayMessage: 'User rejected Okta push verify',
            severity: 'WARN',
            outcome: { result: 'FAILURE', reason: 'User rejected Okta push verify' },
            target: [userTarget(user)],
          });
        }
        return c.json(done.result);
      },
    },
  ];
}

export interface PendingPush {
  userId: string;
  login: string;
  factorId: string;
  /** `activation`: the QR code of an enrollment waits to be scanned; `challenge`: a sign-in waits for approval. */
  kind: 'activation' | 'challenge';
  transactionId?: string;
  expiresAt: string;
}

/** Every push the simulated phone has not answered yet and that has not expired. */
export function pendingPushes(deps: EmulatorDeps): PendingPush[] {
  const now = deps.clock.now().getTime();
  const out: PendingPush[] = [];
  for (const factor of deps.store.factors.all("json_extract(doc, '$.factorType') = 'push'")) {
    const secret = deps.store.factors.getSecret(factor.id) ?? {};
    const login = String(deps.store.users.get(factor.userId)?.profile.login ?? factor.userId);
    const activation = secret.pushActivation;
    if (factor.status === 'PENDING_ACTIVATION' && activation && !activation.approved && Date.parse(activation.expiresAt) > now) {
      out.push({ userId: factor.userId, login, factorId: factor.id, kind: 'activation', expiresAt: activation.expiresAt });
    }
    for (const transaction of secret.pushTransactions ?? []) {
      if (transaction.result === 'WAITING' && Date.parse(transaction.expiresAt) > now) {
        out.push({ userId: factor.userId, login, factorId: factor.id, kind: 'challenge', transactionId: transaction.id, expiresAt: transaction.expiresAt });
      }
    }
  }
  return out.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

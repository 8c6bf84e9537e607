/**
 * Okta Verify push, with the phone simulated: enrollment waits for a device to scan the QR code,
 * verification waits for the user to approve or reject a notification. Tests and the console play
 * the device through `POST /api/v1/_emulator/users/{userId}/factors/{factorId}/push`.
 */
import type { EmulatorContext, EmulatorDeps } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { baseUrl, link } from '../http.js';
import { newId, randomBase62 } from '../ids.js';
import type { FactorDoc, FactorSecret, JsonObject, UserDoc } from '../store/types.js';

/** Okta's activation window (minutes, per its example) and push challenge lifetime. */
const ACTIVATION_MS = 10 * 60_000;
const CHALLENGE_MS = 5 * 60_000;

type Activation = NonNullable<FactorSecret['pushActivation']>;
type Transaction = NonNullable<FactorSecret['pushTransactions']>[number];

export function factorUrl(base: string, factor: FactorDoc): string {
  return `${base}/api/v1/users/${factor.userId}/factors/${factor.id}`;
}

export function newActivation(deps: EmulatorDeps): Activation {
  return { expiresAt: new Date(deps.clock.now().getTime() + ACTIVATION_MS).toISOString(), approved: false, token: randomBase62(40) };
}

function activationLinks(base: string, factor: FactorDoc, activation: Activation): JsonObject {
  const self = factorUrl(base, factor);
  return {
    send: ['email', 'sms'].map((name) => ({ name, href: `${self}/lifecycle/activate/${name}`, hints: { allow: ['POST'] } })),
    qrcode: { href: `${self}/qr/${activation.token}`, type: 'text/uri-list' },
  };
}

/** The `_embedded.activation` of a push enrollment. */
export function activationEmbedded(base: string, factor: FactorDoc, activation: Activation): JsonObject {
  return { activation: { expiresAt: activation.expiresAt, factorResult: 'WAITING', _links: activationLinks(base, factor, activation) } };
}

function expired(deps: EmulatorDeps, expiresAt: string): boolean {
  return deps.clock.now().getTime() >= Date.parse(expiresAt);
}

/** The device the simulated phone reports once it has scanned the QR code. */
function deviceProfile(user: UserDoc): JsonObject {
  return { credentialId: user.profile.login, deviceType: 'SmartPhone_IPhone', name: 'Emulated iPhone', platform: 'IOS', version: '17.0' };
}

export type ActivationPoll =
  | { kind: 'activated'; factor: FactorDoc; secret: FactorSecret }
  | { kind: 'pending'; body: JsonObject; secret: FactorSecret };

/** One poll of a pending push activation: activated once the device approved, TIMEOUT (and a fresh window) after expiry. */
export function pollActivation(c: EmulatorContext, deps: EmulatorDeps, user: UserDoc, factor: FactorDoc, secret: FactorSecret): ActivationPoll {
  const base = baseUrl(c, deps);
  const activation = secret.pushActivation ?? newActivation(deps);
  if (activation.approved) {
    const { pushActivation: _done, ...rest } = secret;
    const activated: FactorDoc = { ...factor, status: 'ACTIVE', lastUpdated: deps.clock.now().toISOString(), profile: deviceProfile(user) };
    return { kind: 'activated', factor: activated, secret: rest };
  }
  if (expired(deps, activation.expiresAt)) {
    // The TIMEOUT answer offers `activate`, which starts a new activation window.
    return {
      kind: 'pending',
      secret: { ...secret, pushActivation: newActivation(deps) },
      body: { factorResult: 'TIMEOUT', _links: { activate: link(`${factorUrl(base, factor)}/lifecycle/activate`, 'POST') } },
    };
  }
  return {
    kind: 'pending',
    secret: { ...secret, pushActivation: activation },
    body: {
      expiresAt: activation.expiresAt,
      factorResult: 'WAITING',
      _links: { poll: link(`${factorUrl(base, factor)}/lifecycle/activate`, 'POST'), ...activationLinks(base, factor, activation) },
    },
  };
}

function liveTransactions(deps: EmulatorDeps, secret: FactorSecret): Transaction[] {
  // Finished or expired transactions are kept for a while so a late poll still gets its answer.
  const horizon = deps.clock.now().getTime() - CHALLENGE_MS;
  return (secret.pushTransactions ?? []).filter((transaction) => Date.parse(transaction.expiresAt) > horizon).slice(-20);
}

/** Sends a push challenge: a new transaction the client polls. */
export function startPushChallenge(deps: EmulatorDeps, secret: FactorSecret): { transaction: Transaction; secret: FactorSecret } {
  const transaction: Transaction = {
    id: newId('pushTransaction'),
    expiresAt: new Date(deps.clock.now().getTime() + CHALLENGE_MS).toISOString(),
    result: 'WAITING',
  };
  return { transaction, secret: { ...secret, pushTransactions: [...liveTransactions(deps, secret), transaction] } };
}

export function waitingBody(base: string, factor: FactorDoc, transaction: Transaction): JsonObject {
  const href = `${factorUrl(base, factor)}/transactions/${transaction.id}`;
  return {
    expiresAt: transaction.expiresAt,
    factorResult: 'WAITING',
    profile: factor.profile,
    // Okta also offers `cancel` (DELETE); the emulator does not model cancelling, so it offers only the poll.
    _links: { poll: link(href, 'GET') },
  };
}

/** The answer to a transaction poll. */
export function transactionBody(deps: EmulatorDeps, base: string, factor: FactorDoc, transaction: Transaction): JsonObject {
  const retry = { verify: link(`${factorUrl(base, factor)}/verify`, 'POST'), factor: link(factorUrl(base, factor), 'GET') };
  if (transaction.result === 'SUCCESS') return { factorResult: 'SUCCESS' };
  if (transaction.result === 'REJECTED') return { factorResult: 'REJECTED', _links: retry };
  if (expired(deps, transaction.expiresAt)) return { factorResult: 'TIMEOUT', _links: retry };
  return waitingBody(base, factor, transaction);
}

export function findTransaction(secret: FactorSecret, id: string): Transaction {
  const transaction = secret.pushTransactions?.find((candidate) => candidate.id === id);
  if (!transaction) throw notFound('FactorTransaction', id);
  return transaction;
}

export type DeviceAction = 'approve' | 'reject';

/**
 * What the simulated phone does: approve a pending activation, or approve/reject a push challenge
 * (the one named, else the newest that still waits).
 */
export function actOnDevice(
  deps: EmulatorDeps,
  factor: FactorDoc,
  secret: FactorSecret,
  action: DeviceAction,
  transactionId: string | undefined,
): { secret: FactorSecret; result: JsonObject } {
  if (factor.status === 'PENDING_ACTIVATION') {
    const activation = secret.pushActivation;
    if (!activation || expired(deps, activation.expiresAt)) throw new OktaApiError('E0000001', 'push', ['push: The activation has expired; poll the activate link to start a new one.']);
    if (action === 'reject') return { secret: { ...secret, pushActivation: newActivation(deps) }, result: { activation: 'RESTARTED' } };
    return { secret: { ...secret, pushActivation: { ...activation, approved: true } }, result: { activation: 'APPROVED' } };
  }
  const transactions = secret.pushTransactions ?? [];
  const target = transactionId
    ? transactions.find((transaction) => transaction.id === transactionId)
    : transactions.filter((transaction) => transaction.result === 'WAITING' && !expired(deps, transaction.expiresAt)).at(-1);
  if (!target) throw notFound('FactorTransaction', transactionId ?? 'waiting push challenge');
  if (target.result !== 'WAITING' || expired(deps, target.expiresAt)) {
    throw new OktaApiError('E0000001', 'push', ['push: This push challenge is no longer waiting for an answer.']);
  }
  const result: Transaction['result'] = action === 'approve' ? 'SUCCESS' : 'REJECTED';
  return {
    secret: { ...secret, pushTransactions: transactions.map((transaction) => (transaction.id === target.id ? { ...transaction, result } : transaction)) },
    result: { transactionId: target.id, factorResult: result },
  };
}

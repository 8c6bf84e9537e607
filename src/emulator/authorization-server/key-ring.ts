/**
 * The signing keys of each authorization server, persisted in the org's store so tokens issued
 * before a restart still verify against `/v1/keys` after it. A server holds an ACTIVE key (signs),
 * a NEXT key (published ahead of rotation) and the EXPIRED ones (published so tokens they signed
 * keep verifying). Rotation, as Okta does it: ACTIVE -> EXPIRED, NEXT -> ACTIVE, a new NEXT.
 */
import type { JWK } from 'jose';
import type { EmulatorDeps } from '../context.js';
import { inTransaction } from '../store/db.js';
import { newKeyPair, signingKeyFromJwk, type SigningKey } from './signing-key.js';
import { authzTables, type SigningKeyDoc } from './store.js';

/** How many expired keys stay published after rotations (older ones are dropped). */
const EXPIRED_KEYS_KEPT = 3;

export class KeyRing {
  readonly #deps: Pick<EmulatorDeps, 'store' | 'clock'>;
  readonly #signers = new Map<string, Promise<SigningKey>>();
  readonly #creating = new Map<string, Promise<void>>();

  constructor(deps: Pick<EmulatorDeps, 'store' | 'clock'>) {
    this.#deps = deps;
  }

  #table() {
    return authzTables(this.#deps.store).keys;
  }

  /** The server's keys, newest first within each status: ACTIVE, NEXT, then EXPIRED. */
  list(serverId: string): SigningKeyDoc[] {
    const order = { ACTIVE: 0, NEXT: 1, EXPIRED: 2 };
    return this.#table()
      .all('server_id = ?', [serverId])
      .reverse()
      .sort((a, b) => order[a.status] - order[b.status]);
  }

  /** Creates the ACTIVE and NEXT keys of a server that has none (once, even under concurrent calls). */
  async ensure(serverId: string): Promise<void> {
    if (this.list(serverId).some((key) => key.status === 'ACTIVE')) return;
    let pending = this.#creating.get(serverId);
    if (!pending) {
      pending = (async () => {
        const [active, next] = await Promise.all([newKeyPair(), newKeyPair()]);
        const now = this.#deps.clock.now().toISOString();
        inTransaction(this.#deps.store.db, () => {
          if (this.list(serverId).some((key) => key.status === 'ACTIVE')) return;
          this.#insert(serverId, active, 'ACTIVE', now);
          this.#insert(serverId, next, 'NEXT', now);
        });
      })().finally(() => this.#creating.delete(serverId));
      this.#creating.set(serverId, pending);
    }
    await pending;
  }

  async signer(serverId: string): Promise<SigningKey> {
    await this.ensure(serverId);
    const active = this.list(serverId).find((key) => key.status === 'ACTIVE');
    if (!active) throw new Error(`authorization server ${serverId} has no active signing key`);
    let signer = this.#signers.get(active.id);
    if (!signer) {
      const secret = this.#table().getSecret(active.id);
      if (!secret) throw new Error(`signing key ${active.id} has lost its private half`);
      signer = signingKeyFromJwk(secret.privateJwk, active.publicJwk);
      this.#signers.set(active.id, signer);
    }
    return signer;
  }

  async jwks(serverId: string): Promise<{ keys: JWK[] }> {
    await this.ensure(serverId);
    return { keys: this.list(serverId).map((key) => key.publicJwk) };
  }

  /** Rotates and returns the new list. */
  async rotate(serverId: string): Promise<SigningKeyDoc[]> {
    await this.ensure(serverId);
    const fresh = await newKeyPair();
    const now = this.#deps.clock.now().toISOString();
    inTransaction(this.#deps.store.db, () => {
      const keys = this.list(serverId);
      for (const key of keys) {
        if (key.status === 'ACTIVE') this.#table().update({ ...key, status: 'EXPIRED', lastUpdated: now, expiresAt: now });
        if (key.status === 'NEXT') this.#table().update({ ...key, status: 'ACTIVE', lastUpdated: now });
      }
      if (!keys.some((key) => key.status === 'NEXT')) throw new Error(`authorization server ${serverId} has no NEXT key to promote`);
      this.#insert(serverId, fresh, 'NEXT', now);
      const expired = this.list(serverId).filter((key) => key.status === 'EXPIRED');
      for (const old of expired.slice(EXPIRED_KEYS_KEPT)) this.#table().delete(old.id);
    });
    return this.list(serverId);
  }

  #insert(serverId: string, pair: Awaited<ReturnType<typeof newKeyPair>>, status: SigningKeyDoc['status'], now: string): void {
    this.#table().insert({ id: pair.kid, serverId, status, publicJwk: pair.publicJwk, created: now, lastUpdated: now }, { privateJwk: pair.privateJwk });
  }
}

const rings = new WeakMap<object, KeyRing>();

/** One key ring per org (per store), shared by the token endpoints and the Management API. */
export function keyRing(deps: Pick<EmulatorDeps, 'store' | 'clock'>): KeyRing {
  let ring = rings.get(deps.store);
  if (!ring) {
    ring = new KeyRing(deps);
    rings.set(deps.store, ring);
  }
  return ring;
}

/** Hook keys as the org's hook caller uses them: the private half that signs an OAUTH channel's client assertion. */
import { importJWK, type CryptoKey } from 'jose';
import type { EmulatorDeps } from '../context.js';
import type { OAuthChannel } from '../hook-calls/channel.js';
import type { HookKeyResolver } from '../hook-calls/oauth-channel-token.js';
import type { HookChannel as StoredChannel } from '../store/types.js';
import { authzTables, type HookKeyDoc } from './store.js';

/** Whether an inline hook's OAUTH channel names the key (by `id` or by `keyId`). */
export function hookKeyInUse(deps: Pick<EmulatorDeps, 'store'>, key: HookKeyDoc): boolean {
  return deps.store.inlineHooks.all().some((hook) => {
    const named = hook.channel.config.hookKeyId;
    return named === key.id || named === key.keyId;
  });
}

/** Resolves a channel's `hookKeyId` to the stored private key. */
export function storedHookKeys(deps: Pick<EmulatorDeps, 'store'>): HookKeyResolver {
  return async (hookKeyId) => {
    const table = authzTables(deps.store).hookKeys;
    const key = table.get(hookKeyId) ?? table.all('key_id = ?', [hookKeyId])[0];
    const secret = key ? table.getSecret(key.id) : undefined;
    if (!key || !secret) return undefined;
    return { key: (await importJWK(secret.privateJwk, 'RS256')) as CryptoKey, kid: key.keyId, alg: 'RS256' };
  };
}

/** A stored OAUTH channel (credential filled in) as the hook caller's channel. */
export function toOAuthChannel(channel: StoredChannel): OAuthChannel {
  const { config } = channel;
  return {
    type: 'OAUTH',
    version: channel.version,
    config: {
      uri: config.uri,
      ...(config.method ? { method: config.method } : {}),
      ...(config.headers ? { headers: config.headers } : {}),
      authType: config.authType ?? 'client_secret_post',
      clientId: config.clientId ?? '',
      ...(config.clientSecret !== undefined ? { clientSecret: config.clientSecret } : {}),
      ...(config.hookKeyId !== undefined ? { hookKeyId: config.hookKeyId } : {}),
      tokenUrl: config.tokenUrl ?? '',
      ...(config.scope !== undefined ? { scope: config.scope } : {}),
    },
  };
}

/**
 * `/api/v1/hook-keys` (Okta's Key Management API): key pairs the org keeps so it can sign the
 * `private_key_jwt` client assertion of an OAUTH-channel inline hook. The private half never
 * leaves the store; the public half is served for the hook's token endpoint to register.
 */
import type { JWK } from 'jose';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { notFound } from '../errors.js';
import { noContent, readJsonObject } from '../http.js';
import { newUuid, randomBase62 } from '../ids.js';
import type { JsonObject } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { hookKeyInUse } from '../authorization-server/hook-keys.js';
import { newKeyPair } from '../authorization-server/signing-key.js';
import { authzTables, type HookKeyDoc } from '../authorization-server/store.js';

const COLLECTION = '/api/v1/hook-keys';
const READ = 'okta.inlineHooks.read';
const MANAGE = 'okta.inlineHooks.manage';

const publicPart = (jwk: JWK): JsonObject => ({ alg: jwk.alg ?? 'RS256', e: jwk.e ?? '', kid: jwk.kid ?? '', kty: jwk.kty ?? 'RSA', n: jwk.n ?? '', use: jwk.use ?? 'sig' });

export function hookKeyRoutes(deps: EmulatorDeps): RouteDef[] {
  const table = authzTables(deps.store).hookKeys;
  const render = (key: HookKeyDoc): JsonObject => ({
    id: key.id,
    keyId: key.keyId,
    name: key.name,
    created: key.created,
    lastUpdated: key.lastUpdated,
    isUsed: hookKeyInUse(deps, key),
  });
  const detailed = (key: HookKeyDoc): JsonObject => ({ ...render(key), _embedded: publicPart(key.publicJwk) });
  const keyOr404 = (c: EmulatorContext): HookKeyDoc => {
    const id = c.req.param('hookKeyId') ?? '';
    const key = table.get(id);
    if (!key) throw notFound('HookKey', id);
    return key;
  };
  const readName = async (c: EmulatorContext, exceptId = ''): Promise<string> => {
    const body = await readJsonObject(c);
    const issues = new ValidationIssues();
    if (issues.requireString(body.name, 'name')) {
      if (String(body.name).length > 255) issues.add('name', 'Must be at most 255 characters');
      if (table.all('id <> ?', [exceptId]).some((key) => key.name === body.name)) issues.add('name', 'A key with this name already exists');
    }
    issues.throwIfAny();
    return String(body.name);
  };

  return [
    { method: 'GET', path: COLLECTION, scope: READ, handler: (c) => c.json(table.all().map(render)) },
    {
      method: 'POST',
      path: COLLECTION,
      scope: MANAGE,
      handler: async (c) => {
        const name = await readName(c);
        const pair = await newKeyPair();
        const now = deps.clock.now().toISOString();
        const keyId = newUuid();
        const key: HookKeyDoc = { id: `HKY${randomBase62(17)}`, keyId, name, publicJwk: { ...pair.publicJwk, kid: keyId }, created: now, lastUpdated: now };
        table.insert(key, { privateJwk: { ...pair.privateJwk, kid: keyId } });
        return c.json(detailed(key));
      },
    },
    {
      method: 'GET',
      path: `${COLLECTION}/public/{keyId}`,
      scope: READ,
      handler: (c) => {
        const keyId = c.req.param('keyId') ?? '';
        const key = table.all('key_id = ?', [keyId])[0];
        if (!key) throw notFound('PublicKey', keyId);
        return c.json(publicPart(key.publicJwk));
      },
    },
    { method: 'GET', path: `${COLLECTION}/{hookKeyId}`, scope: READ, handler: (c) => c.json(render(keyOr404(c))) },
    {
      method: 'PUT',
      path: `${COLLECTION}/{hookKeyId}`,
      scope: MANAGE,
      handler: async (c) => {
        const key = keyOr404(c);
        const updated = { ...key, name: await readName(c, key.id), lastUpdated: deps.clock.now().toISOString() };
        table.update(updated);
        return c.json(detailed(updated));
      },
    },
    {
      method: 'DELETE',
      path: `${COLLECTION}/{hookKeyId}`,
      scope: MANAGE,
      handler: (c) => {
        const key = keyOr404(c);
        if (hookKeyInUse(deps, key)) ValidationIssues.fail('hookKeyId', 'The key is used by an inline hook; change the hook first');
        table.delete(key.id);
        return noContent(c);
      },
    },
  ];
}

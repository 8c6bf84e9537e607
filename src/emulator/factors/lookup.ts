import type { EmulatorContext, EmulatorDeps } from '../context.js';
import { notFound } from '../errors.js';
import type { FactorDoc, FactorSecret, UserDoc } from '../store/types.js';
import { userIdParam } from '../users.js';

/** The user and factor named by the path, or Okta's 404 when the factor is not that user's. */
export function factorOr404(c: EmulatorContext, deps: EmulatorDeps): { user: UserDoc; factor: FactorDoc; secret: FactorSecret } {
  const user = userIdParam(c, deps);
  const id = c.req.param('factorId') ?? '';
  const factor = deps.store.factors.get(id);
  if (!factor || factor.userId !== user.id) throw notFound('UserFactor', id);
  return { user, factor, secret: deps.store.factors.getSecret(id) ?? {} };
}

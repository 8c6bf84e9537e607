/**
 * The org's custom authorization servers (`/oauth2/{id}`, the `default` one included): the org's
 * users sign in with their real passwords, clients are the ones given to the emulator (e.g. the
 * dev client of `gatehook emulator`) plus the org's active OAuth apps. What each server answers is
 * in `authorization-server/org-servers.ts`.
 */
import type { Hono } from 'hono';
import type { EmulatorDeps, EmulatorEnv } from '../context.js';
import { DEFAULT_SERVER_ID, ensureDefaultServer } from '../authorization-server/defaults.js';
import { keyRing } from '../authorization-server/key-ring.js';
import { authzTables } from '../authorization-server/store.js';
import { orgServerRoutes } from '../authorization-server/org-servers.js';
import type { OAuthClient } from '../authorization-server/client-auth.js';
import type { AuthorizationServerUser } from '../authorization-server/grant.js';
import { newRequestId } from '../ids.js';
import type { UserDoc } from '../store/types.js';
import { findOidcClient } from '../oidc/clients.js';
import { checkPassword } from './password-import.js';

function asUser(user: UserDoc): AuthorizationServerUser {
  const { profile } = user;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: user.id,
    passwordChanged: user.passwordChanged,
    profile: {
      ...profile,
      login: profile.login,
      firstName: text(profile.firstName),
      lastName: text(profile.lastName),
      email: text(profile.email),
      locale: text(profile.locale),
      timeZone: text(profile.timezone),
    },
  };
}

/** Mounts every authorization server of the org under `/oauth2/{authServerId}` (after the org server's `/oauth2/v1/*`). */
export function mountAuthorizationServer(app: Hono<EmulatorEnv>, deps: EmulatorDeps, clients: readonly OAuthClient[]): void {
  ensureDefaultServer(deps);
  // Generate the default server's keys now rather than in its first token request.
  if (authzTables(deps.store).servers.get(DEFAULT_SERVER_ID)) {
    keyRing(deps)
      .ensure(DEFAULT_SERVER_ID)
      .catch((error: unknown) => {
        // An org closed right after it opened has nothing to report.
        if (deps.store.db.isOpen) deps.logger.error('emulator: could not create the signing keys of the default authorization server', { message: String(error) });
      });
  }
  const signIn = async (username: string, password: string): Promise<AuthorizationServerUser | undefined> => {
    const user = deps.store.users.findByIdOrLogin(username);
    if (!user || user.status !== 'ACTIVE') return undefined;
    const url = `${deps.settings.baseUrl ?? 'http://127.0.0.1'}/oauth2/default/v1/token`;
    const request = { id: newRequestId(), method: 'POST', url: { value: url }, ipAddress: '127.0.0.1' };
    if (!(await checkPassword(deps, user, password, request))) return undefined;
    return asUser(deps.store.users.get(user.id) ?? user);
  };
  const routes = orgServerRoutes(deps, {
    clients: (clientId) => clients.find((client) => client.clientId === clientId) ?? findOidcClient(deps, clientId),
    users: {
      authenticate: signIn,
      getUser: async (id) => {
        const user = deps.store.users.get(id);
        return user?.status === 'ACTIVE' ? asUser(user) : undefined;
      },
    },
  });
  app.route('/oauth2/:authServerId', routes);
}

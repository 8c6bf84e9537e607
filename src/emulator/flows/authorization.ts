/**
 * The org's custom authorization server "default" (`/oauth2/default`): token endpoint with the
 * client_credentials, password and refresh_token grants, discovery and JWKS. The active token
 * inline hook sees every token before it is minted. Clients are the ones given to the emulator
 * (e.g. the dev client of `gatehook emulator`) plus the org's active OAuth service apps.
 */
import type { Hono } from 'hono';
import type { EmulatorDeps, EmulatorEnv } from '../context.js';
import { createAuthorizationServer, type AuthorizationServer } from '../authorization-server/server.js';
import type { OAuthClient } from '../authorization-server/client-auth.js';
import type { AuthorizationServerUser } from '../authorization-server/grant.js';
import type { TokenHookResult } from '../hook-calls/apply-token.js';
import type { ResponseProcessing } from '../hook-calls/system-log.js';
import { newRequestId } from '../ids.js';
import type { UserDoc } from '../store/types.js';
import { appClientAuthentication } from '../apps/client-authentication.js';
import { checkPassword } from './password-import.js';
import { runInlineHook, type HookCall } from './hook-runner.js';

export const AUTHORIZATION_SERVER_PATH = '/oauth2/default';

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

function appClient(deps: EmulatorDeps, clientId: string): OAuthClient | undefined {
  const app = deps.store.apps.all("json_extract(doc, '$.credentials.oauthClient.client_id') = ?", [clientId])[0];
  if (!app || app.status !== 'ACTIVE') return undefined;
  const settings = app.settings.oauthClient;
  const grantTypes = Array.isArray(settings?.grant_types) ? settings.grant_types.filter((grant): grant is string => typeof grant === 'string') : [];
  return {
    clientId,
    name: app.label,
    ...appClientAuthentication(app),
    ...(settings?.jwks ? { jwks: settings.jwks as unknown as NonNullable<OAuthClient['jwks']> } : {}),
    grantTypes,
  };
}

/** What the token hook's answer did, for `inline_hook.response.processed`. */
function processing(result: TokenHookResult): ResponseProcessing {
  const debug = result.debugContext ? { debugContext: result.debugContext } : {};
  if (result.kind === 'patched') return { applied: true, ...debug };
  if (result.kind === 'error') return { applied: true, reason: `no token is minted: ${result.errorDescription}`, ...debug };
  return { applied: false, reason: `the original token is minted: ${result.reason}`, ...debug };
}

async function buildServer(deps: EmulatorDeps, orgUrl: string, clients: readonly OAuthClient[]): Promise<AuthorizationServer> {
  const calls = new WeakMap<object, HookCall>();
  const tokenEndpoint = `${orgUrl.replace(/\/+$/, '')}${AUTHORIZATION_SERVER_PATH}/v1/token`;
  const signIn = async (username: string, password: string): Promise<AuthorizationServerUser | undefined> => {
    const user = deps.store.users.findByIdOrLogin(username);
    if (!user || user.status !== 'ACTIVE') return undefined;
    const request = { id: newRequestId(), method: 'POST', url: { value: tokenEndpoint }, ipAddress: '127.0.0.1' };
    if (!(await checkPassword(deps, user, password, request))) return undefined;
    return asUser(deps.store.users.get(user.id) ?? user);
  };
  return createAuthorizationServer({
    baseUrl: orgUrl,
    clock: deps.clock,
    clients: (clientId) => clients.find((client) => client.clientId === clientId) ?? appClient(deps, clientId),
    users: {
      authenticate: signIn,
      getUser: async (id) => {
        const user = deps.store.users.get(id);
        return user?.status === 'ACTIVE' ? asUser(user) : undefined;
      },
    },
    tokenHook: async (payload) => {
      const request = (payload.data as { context: { request: { id: string } } }).context.request;
      const call = await runInlineHook(deps, 'token', request.id, () => payload);
      if (!call) return undefined;
      calls.set(payload, call);
      return call.outcome;
    },
    onTokenHook: (report) => {
      calls.get(report.payload)?.processed(processing(report.result));
    },
  });
}

/** Mounts the server; it is created on first use, with the org URL the first caller used unless one is configured. */
export function mountAuthorizationServer(app: Hono<EmulatorEnv>, deps: EmulatorDeps, clients: readonly OAuthClient[]): void {
  let server: Promise<AuthorizationServer> | undefined;
  app.all(`${AUTHORIZATION_SERVER_PATH}/*`, async (c) => {
    server ??= buildServer(deps, deps.settings.baseUrl ?? new URL(c.req.url).origin, clients).catch((error: unknown) => {
      server = undefined;
      throw error;
    });
    return (await server).app.fetch(c.req.raw);
  });
}

/** Serves a real authorization server on 127.0.0.1:0 with a small client and user directory. */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import {
  createAuthorizationServer,
  type AuthorizationServer,
  type AuthorizationServerOptions,
  type AuthorizationServerUser,
  type OAuthClient,
} from '../../../src/emulator/authorization-server/index.js';

export const ada: AuthorizationServerUser = {
  id: '00uada000000000000001',
  passwordChanged: '2025-01-01T00:00:00.000Z',
  profile: { login: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', locale: 'en_GB', timeZone: 'Europe/London' },
};

export function baseClients(extra: OAuthClient[] = []): OAuthClient[] {
  return [
    { clientId: 'svc-basic', tokenEndpointAuthMethod: 'client_secret_basic', clientSecret: 'basic-secret', grantTypes: ['client_credentials'] },
    { clientId: 'svc-post', tokenEndpointAuthMethod: 'client_secret_post', clientSecret: 'post-secret', grantTypes: ['client_credentials'], scopes: ['okta.hooks'] },
    {
      clientId: 'web-app',
      name: 'Web App',
      tokenEndpointAuthMethod: 'client_secret_post',
      clientSecret: 'web-secret',
      grantTypes: ['password', 'refresh_token'],
    },
    ...extra,
  ];
}

export interface RunningServer {
  url: string;
  server: AuthorizationServer;
  token(form: Record<string, string>, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startAuthorizationServer(
  overrides: Partial<AuthorizationServerOptions> & { extraClients?: OAuthClient[]; clientJwks?: Record<string, { keys: JWK[] }> } = {},
): Promise<RunningServer> {
  let handler: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const http: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: (request) => handler(request), port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = http.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const clients = baseClients(overrides.extraClients);
  const server = await createAuthorizationServer({
    baseUrl: url,
    clients: (id) => clients.find((client) => client.clientId === id),
    users: {
      authenticate: async (username, password) => (username === ada.profile.login && password === 'correct horse' ? ada : undefined),
      getUser: async (id) => (id === ada.id ? ada : undefined),
    },
    ...overrides,
  });
  handler = server.app.fetch;
  return {
    url,
    server,
    async token(form, headers = {}) {
      const response = await fetch(server.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    close: () =>
      new Promise<void>((resolve) => {
        (http as import('node:http').Server).closeAllConnections?.();
        http.close(() => resolve());
      }),
  };
}

export const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

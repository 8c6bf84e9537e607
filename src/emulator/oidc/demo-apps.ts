/**
 * The demo org's OIDC apps, so a team can point its own app at the local org without creating a
 * client first: a single-page app (public client, PKCE) and a web app (client secret). Their ids,
 * redirect URIs and the web app's development secret are fixed and listed in the README ("Sign in
 * to the local org"); the redirect URIs are the usual local dev servers' callbacks. Seeded once per
 * data file, also into data files seeded before these apps existed.
 */
import type { EmulatorDeps } from '../context.js';
import { newOidcAppDoc } from './app-documents.js';

/** Development only, like the demo users' password: the local org is not reachable from elsewhere. */
export const DEMO_WEB_CLIENT_SECRET = 'gatehook-demo-web-secret-not-for-production';
export const DEMO_SPA_CLIENT_ID = '0oaGatehookDemoSpa01';
export const DEMO_WEB_CLIENT_ID = '0oaGatehookDemoWeb01';

const SEEDED = 'seed.oidcApps';
const DEV_ORIGINS = ['http://localhost:5173', 'http://localhost:3000', 'http://localhost:8080'];

export function seedDemoOidcApps(deps: Pick<EmulatorDeps, 'store' | 'clock'>): void {
  const { store } = deps;
  if (store.meta.get(SEEDED)) return;
  const now = deps.clock.now().toISOString();
  const logoutUris = DEV_ORIGINS.map((origin) => `${origin}/`);
  if (!store.apps.get(DEMO_SPA_CLIENT_ID)) {
    store.apps.insert(
      newOidcAppDoc(
        { id: DEMO_SPA_CLIENT_ID, label: 'Gatehook demo SPA', kind: 'browser', redirectUris: DEV_ORIGINS.map((origin) => `${origin}/login/callback`), postLogoutRedirectUris: logoutUris },
        now,
      ),
    );
  }
  if (!store.apps.get(DEMO_WEB_CLIENT_ID)) {
    store.apps.insert(
      newOidcAppDoc(
        {
          id: DEMO_WEB_CLIENT_ID,
          label: 'Gatehook demo web app',
          kind: 'web',
          clientSecret: DEMO_WEB_CLIENT_SECRET,
          redirectUris: DEV_ORIGINS.map((origin) => `${origin}/authorization-code/callback`),
          postLogoutRedirectUris: logoutUris,
        },
        now,
      ),
    );
  }
  store.meta.set(SEEDED, '1');
}

/**
 * The demo org's OIDC apps, so a team can point its own app at the local org without creating a
 * client first: a single-page app (public client, PKCE) and a web app (client secret). Their ids,
 * redirect URIs and the web app's development secret are fixed and listed in the README ("Sign in
 * to the local org"); the redirect URIs are the usual local dev servers' callbacks. Seeded once per
 * data file, also into data files seeded before these apps existed.
 *
 * Okta gives tokens only to users assigned to the app, so the demo groups are assigned to both apps
 * (group assignments, as an admin would make them), also in data files whose demo apps predate
 * assignments. Users a team creates later sign in once they join a demo group or are assigned.
 */
import type { EmulatorDeps } from '../context.js';
import { appAssignments } from '../directory/app-assignments.js';
import type { AppDoc, GroupDoc } from '../store/types.js';
import { newOidcAppDoc } from './app-documents.js';

/** Development only, like the demo users' password: the local org is not reachable from elsewhere. */
export const DEMO_WEB_CLIENT_SECRET = 'gatehook-demo-web-secret-not-for-production';
export const DEMO_SPA_CLIENT_ID = '0oaGatehookDemoSpa01';
export const DEMO_WEB_CLIENT_ID = '0oaGatehookDemoWeb01';
/** The seeded groups the demo apps are assigned to, in priority order. */
export const DEMO_APP_GROUPS = ['Engineering', 'Sales', 'Admins'];

const SEEDED = 'seed.oidcApps';
const ASSIGNED = 'seed.oidcAppAssignments';
const DEV_ORIGINS = ['http://localhost:5173', 'http://localhost:3000', 'http://localhost:8080'];

/** What a start added to the org, for its System Log history. */
export interface SeededDemoApps {
  apps: AppDoc[];
  assignments: { app: AppDoc; group: GroupDoc }[];
}

export function seedDemoOidcApps(deps: Pick<EmulatorDeps, 'store' | 'clock'>): SeededDemoApps {
  const { store } = deps;
  const added: SeededDemoApps = { apps: [], assignments: [] };
  const now = deps.clock.now().toISOString();
  if (!store.meta.get(SEEDED)) {
    const logoutUris = DEV_ORIGINS.map((origin) => `${origin}/`);
    const wanted = [
      newOidcAppDoc(
        { id: DEMO_SPA_CLIENT_ID, label: 'Gatehook demo SPA', kind: 'browser', redirectUris: DEV_ORIGINS.map((origin) => `${origin}/login/callback`), postLogoutRedirectUris: logoutUris },
        now,
      ),
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
    ];
    for (const app of wanted) {
      if (store.apps.get(app.id)) continue;
      store.apps.insert(app);
      added.apps.push(app);
    }
    store.meta.set(SEEDED, '1');
  }
  if (!store.meta.get(ASSIGNED)) {
    const assignments = appAssignments(deps);
    const groups = DEMO_APP_GROUPS.map((name) => store.groups.all('name = ?', [name])[0]).filter((group): group is GroupDoc => group !== undefined);
    for (const id of [DEMO_SPA_CLIENT_ID, DEMO_WEB_CLIENT_ID]) {
      const app = store.apps.get(id);
      if (!app) continue;
      groups.forEach((group, priority) => {
        if (assignments.group(app.id, group.id)) return;
        assignments.saveGroup(app.id, { id: group.id, priority, lastUpdated: now, profile: {} });
        added.assignments.push({ app, group });
      });
    }
    store.meta.set(ASSIGNED, '1');
  }
  return added;
}

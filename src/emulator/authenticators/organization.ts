/**
 * `GET /.well-known/okta-organization`: the public facts about the org. Clients (Okta's SDK test
 * suites among them) read `pipeline` before they use the authenticators API, which exists only on
 * Identity Engine (`idx`) orgs; the emulated org is one.
 */
import type { EmulatorDeps, RouteDef } from '../context.js';
import { baseUrl } from '../http.js';
import { newId } from '../ids.js';

const ORG_ID_KEY = 'factors.orgId';

function orgId(deps: EmulatorDeps): string {
  let id = deps.store.meta.get(ORG_ID_KEY);
  if (!id) {
    id = newId('organization');
    deps.store.meta.set(ORG_ID_KEY, id);
  }
  return id;
}

export function organizationRoutes(deps: EmulatorDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/.well-known/okta-organization',
      anonymous: true,
      handler: (c) =>
        c.json({
          id: orgId(deps),
          pipeline: 'idx',
          _links: { organization: { href: baseUrl(c, deps) } },
          settings: { analyticsCollectionEnabled: false, bugReportingEnabled: false, omEnabled: false },
        }),
    },
  ];
}

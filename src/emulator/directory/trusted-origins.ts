/** Trusted origins (`/api/v1/trustedOrigins`): the origins an org allows for CORS, redirects and iframe embedding. */
import { audit } from '../audit.js';
import type { EmulatorDeps, RouteDef } from '../context.js';
import { isObject, link } from '../http.js';
import { randomBase62 } from '../ids.js';
import type { JsonObject } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { lifecycleDocs, lifecycleResourceRoutes, type LifecycleDoc, type LifecycleResource } from './lifecycle-resource.js';

const SCOPE_TYPES = ['CORS', 'REDIRECT', 'IFRAME_EMBED'];

export interface TrustedOriginDoc extends LifecycleDoc {
  name: string;
  origin: string;
  scopes: JsonObject[];
  createdBy: string;
  lastUpdatedBy: string;
}

/** `scheme://host[:port]` and nothing else, compared the way browsers send `Origin`. */
function normalOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.origin === 'null' || url.pathname !== '/' || url.search || url.hash || value.endsWith('/')) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

const trustedOrigins: LifecycleResource<TrustedOriginDoc> = {
  path: '/api/v1/trustedOrigins',
  idParam: 'trustedOriginId',
  kind: 'TrustedOrigin',
  readScope: 'okta.trustedOrigins.read',
  manageScope: 'okta.trustedOrigins.manage',
  table: 'directory_trusted_origins',
  filterable: ['id', 'name', 'origin', 'status'],
  searchable: ['name', 'origin'],
  newId: () => `tos${randomBase62(17)}`,
  read(deps, body, current, c) {
    const issues = new ValidationIssues();
    issues.requireString(body.name, 'name');
    let origin = '';
    if (issues.requireString(body.origin, 'origin')) {
      origin = normalOrigin(body.origin) ?? '';
      if (!origin) issues.add('origin', 'must be a scheme and host with an optional port, such as https://app.example.com');
      else if (lifecycleDocs(deps, trustedOrigins).some((doc) => doc.origin === origin && doc.id !== current?.id)) {
        issues.add('origin', 'An object with this field already exists in the current organization');
      }
    }
    const scopes = Array.isArray(body.scopes) ? body.scopes : [];
    if (scopes.length === 0) issues.add('scopes', 'The field cannot be left blank');
    const read: JsonObject[] = [];
    for (const scope of scopes) {
      if (!isObject(scope) || typeof scope.type !== 'string' || !SCOPE_TYPES.includes(scope.type)) issues.add('scopes', `Each scope's type must be one of ${SCOPE_TYPES.join(', ')}`);
      else read.push(scope.type === 'IFRAME_EMBED' ? { type: scope.type, allowedOktaApps: Array.isArray(scope.allowedOktaApps) ? scope.allowedOktaApps : [] } : { type: scope.type });
    }
    issues.throwIfAny();
    const by = c.get('principal').actor.id;
    return { name: String(body.name), origin, scopes: read, createdBy: current?.createdBy ?? by, lastUpdatedBy: by };
  },
  render(doc, base) {
    const self = `${base}/api/v1/trustedOrigins/${doc.id}`;
    const toggle = doc.status === 'ACTIVE' ? 'deactivate' : 'activate';
    return { ...doc, _links: { self: { ...link(self), hints: { allow: ['GET', 'PUT', 'DELETE'] } }, [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST') } };
  },
  audit(c, deps, action, doc) {
    audit(c, deps, { eventType: `trusted_origins.${action}`, displayMessage: `Trusted origin ${action}`, target: [{ id: doc.id, type: 'TrustedOrigin', alternateId: doc.origin, displayName: doc.name, detailEntry: null }] });
  },
};

export function trustedOriginRoutes(deps: EmulatorDeps): RouteDef[] {
  return lifecycleResourceRoutes(deps, trustedOrigins);
}

/** Whether an ACTIVE trusted origin allows `origin` for the scope type (CORS, REDIRECT, IFRAME_EMBED). */
export function isTrustedOrigin(deps: EmulatorDeps, origin: string, type: string): boolean {
  const wanted = normalOrigin(origin);
  return lifecycleDocs(deps, trustedOrigins).some((doc) => doc.status === 'ACTIVE' && doc.origin === wanted && doc.scopes.some((scope) => scope.type === type));
}

/**
 * Okta Management API operations the emulator does not model answer 501 `GHEMU_NOT_IMPLEMENTED`
 * naming the operation, so a client can tell "not modelled here" from "no such resource" (404).
 * The operations are those of today's SDK (`@okta/okta-sdk-nodejs` 8.x, `okta-operations.ts`) and
 * of the seed spec our own SDK is generated from (`src/sdk/operations.ts`), whose older paths some
 * clients still send.
 */
import type { Hono } from 'hono';
import { operations as seedOperations } from '../../sdk/operations.js';
import type { EmulatorContext, EmulatorEnv } from '../context.js';
import { OktaApiError } from '../errors.js';
import { toHonoPath } from '../routing.js';
import { OKTA_SDK_OPERATIONS, OKTA_SDK_VERSION } from './okta-operations.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface UnmodelledOperation {
  method: Method;
  /** Path template, e.g. `/api/v1/apps/{appId}/credentials/keys`. */
  path: string;
  /** Operation names of the SDKs that send this call (several where variants share a path). */
  names: string[];
  /** The seed spec's OAuth scope, where the seed has the operation. */
  scope?: string;
  /** Anonymous in Okta (`/.well-known/*`): answered without credentials. */
  anonymous: boolean;
}

interface Template {
  method: string;
  path: string;
}

const shapeOf = (path: string): string => path.replace(/\{[^}]+\}/g, '{}');
const keyOf = (route: Template): string => `${route.method} ${shapeOf(route.path)}`;
const isParam = (segment: string): boolean => segment.startsWith('{');

/**
 * Whether some path matches both templates and `a` wins there by Okta's (and our router's) rule:
 * at the first segment where one is a literal and the other a parameter, the literal wins.
 */
function outranks(a: string, b: string): boolean {
  const left = a.split('/');
  const right = b.split('/');
  if (left.length !== right.length) return false;
  let first: 'a' | 'b' | undefined;
  for (let i = 0; i < left.length; i++) {
    const x = left[i]!;
    const y = right[i]!;
    if (!isParam(x) && !isParam(y) && x !== y) return false;
    if (first === undefined && isParam(x) !== isParam(y)) first = isParam(x) ? 'b' : 'a';
  }
  return first === 'a';
}

function pattern(template: string): RegExp {
  return new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}/?$`);
}

/** Every operation of today's SDK and the seed that no implemented route has the same method and path shape of. */
export function unmodelledOperations(implemented: readonly Template[]): UnmodelledOperation[] {
  const done = new Set(implemented.map(keyOf));
  const found = new Map<string, UnmodelledOperation>();
  const add = (method: Method, path: string, name: string, scope?: string) => {
    const key = keyOf({ method, path });
    if (done.has(key)) return;
    const known = found.get(key);
    if (known) {
      if (!known.names.includes(name)) known.names.push(name);
      known.scope ??= scope;
      return;
    }
    found.set(key, { method, path, names: [name], ...(scope ? { scope } : {}), anonymous: path.startsWith('/.well-known/') });
  };
  for (const [name, method, path] of OKTA_SDK_OPERATIONS) add(method, path, name);
  for (const operation of seedOperations) add(operation.method, operation.path, operation.name, operation.scopes[0]);
  return [...found.values()];
}

export interface NotImplementedOptions {
  implemented: readonly Template[];
  /** Authenticates the caller and checks the scope as every API route does (401/403 before 501). */
  guard: (c: EmulatorContext, operation: UnmodelledOperation) => Promise<void>;
}

/**
 * Registers a 501 answer for each unmodelled operation. Call it before the implemented routes:
 * a literal path Okta has (`/api/v1/groups/rules`) then wins over an implemented parameter path
 * (`/api/v1/groups/{groupId}`), and the answer steps aside for an implemented route that is the
 * more specific one for the request (`/users/{id}/factors/questions` over `/users/{id}/factors/{factorId}`).
 */
export function mountNotImplemented(app: Hono<EmulatorEnv>, options: NotImplementedOptions): UnmodelledOperation[] {
  const unmodelled = unmodelledOperations(options.implemented);
  for (const operation of unmodelled) {
    const better = options.implemented.filter((route) => route.method === operation.method && outranks(route.path, operation.path)).map((route) => pattern(route.path));
    app.on(operation.method, toHonoPath(operation.path), async (c, next) => {
      const pathname = new URL(c.req.url).pathname;
      if (better.some((route) => route.test(pathname))) return next();
      if (!operation.anonymous || c.req.header('authorization') !== undefined) await options.guard(c, operation);
      throw notImplemented(operation);
    });
  }
  return unmodelled;
}

export function notImplemented(operation: Pick<UnmodelledOperation, 'method' | 'path' | 'names'>): OktaApiError {
  return new OktaApiError('GHEMU_NOT_IMPLEMENTED', operation.names.join(' / '), [
    `${operation.method} ${operation.path} (${operation.names.join(', ')}) is part of Okta's Management API (@okta/okta-sdk-nodejs ${OKTA_SDK_VERSION}); the gatehook emulator does not model it`,
  ]);
}

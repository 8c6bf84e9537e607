/** The app and group a directory route's path names, or Okta's 404. */
import type { EmulatorContext, EmulatorDeps } from '../context.js';
import { notFound } from '../errors.js';
import type { AppDoc, GroupDoc } from '../store/types.js';

export function appParam(c: EmulatorContext, deps: EmulatorDeps): AppDoc {
  const id = c.req.param('appId') ?? '';
  const app = deps.store.apps.get(id);
  if (!app) throw notFound('AppInstance', id);
  return app;
}

export function groupParam(c: EmulatorContext, deps: EmulatorDeps): GroupDoc {
  const id = c.req.param('groupId') ?? '';
  const group = deps.store.groups.get(id);
  if (!group) throw notFound('UserGroup', id);
  return group;
}

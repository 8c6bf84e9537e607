import type { GroupDoc } from './store/types.js';

/** New resource documents with Okta's defaults, shared by the API routes and the demo seed. */

export function newGroupDoc(id: string, profile: GroupDoc['profile'], now: string): GroupDoc {
  return { id, created: now, lastUpdated: now, lastMembershipUpdated: now, objectClass: ['okta:user_group'], type: 'OKTA_GROUP', profile };
}

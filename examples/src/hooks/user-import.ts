import { userImportHook } from 'gatehook/handlers/user-import';

/** HR ids of people who already have an Okta account (a real hook would search the org through ctx.okta). */
const EXISTING_OKTA_USERS: Record<string, string> = {
  'hr-10001': '00uexample10001aaaa1',
};

/** Links known employees to their Okta user; creates everyone else with a normalised department. */
export const userImportExample = userImportHook((event, api) => {
  const externalId = String(event.appUser.profile.externalId ?? '');
  const existing = EXISTING_OKTA_USERS[externalId];
  if (existing) {
    api.importUser.link(existing);
    return;
  }
  api.importUser.create();
  const department = event.appUser.profile.department;
  if (typeof department === 'string' && department.trim() !== '') api.profile.update({ department: department.trim().toUpperCase() });
});

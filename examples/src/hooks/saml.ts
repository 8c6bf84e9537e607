import { samlHook } from 'gatehook/handlers/saml';

const ROLES: Record<string, string[]> = {
  'aiko.tanaka@example.com': ['finance-approver', 'employee'],
};

/** Adds a multi-valued `roles` attribute for the app and shortens the app session to 8 hours. */
export const samlExample = samlHook((event, api) => {
  const login = String(event.user?.profile?.login ?? '');
  api.assertion.addAttribute('roles', ROLES[login] ?? ['employee']);
  api.assertion.setSessionLifetime(8 * 3600);
});

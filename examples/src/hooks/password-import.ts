import { passwordImportHook } from 'gatehook/handlers/password-import';
import { verifyLegacyPassword } from '../legacy-users.js';

/** Checks the password against the legacy store's scrypt hash; on a match Okta keeps it from then on. */
export const passwordImportExample = passwordImportHook(async (event, api) => {
  if (await verifyLegacyPassword(event.username, event.password)) api.credential.verified();
  else api.credential.unverified();
});

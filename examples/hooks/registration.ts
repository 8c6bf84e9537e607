import { registrationHook } from '../../src/handlers/registration/index.js';

export const ALLOWED_EMAIL_DOMAINS = ['example.com', 'example.org'];

function domainOf(email: unknown): string {
  const at = typeof email === 'string' ? email.lastIndexOf('@') : -1;
  return at < 0 ? '' : (email as string).slice(at + 1).toLowerCase();
}

/** Lets only company addresses register, telling everyone else why next to the email field. */
export const registrationExample = registrationHook((event, api) => {
  if (event.requestType !== 'self.service.registration') return;
  const email = event.userProfile.email;
  if (ALLOWED_EMAIL_DOMAINS.includes(domainOf(email))) {
    api.registration.allow();
    return;
  }
  api.registration.deny('Registration is limited to company email addresses.', [
    {
      errorSummary: `Use your work email (${ALLOWED_EMAIL_DOMAINS.map((d) => `@${d}`).join(' or ')}).`,
      reason: 'INVALID_EMAIL_DOMAIN',
      locationType: 'body',
      location: 'data.userProfile.email',
      domain: 'end-user',
    },
  ]);
});

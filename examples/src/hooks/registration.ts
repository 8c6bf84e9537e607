import { registrationHook, type RegistrationApi } from 'gatehook/handlers/registration';
import { OktaApiError, type OktaClient } from 'gatehook/sdk';
import { usersApi } from 'gatehook/sdk/users';
import { oktaIfConfigured } from '../okta-client.js';

export const ALLOWED_EMAIL_DOMAINS = ['example.com', 'example.org'];

function domainOf(email: unknown): string {
  const at = typeof email === 'string' ? email.lastIndexOf('@') : -1;
  return at < 0 ? '' : (email as string).slice(at + 1).toLowerCase();
}

export function isCompanyEmail(email: unknown): boolean {
  return ALLOWED_EMAIL_DOMAINS.includes(domainOf(email));
}

/** The denial shown next to the email field of the Sign-In Widget. */
export function denyNonCompanyEmail(api: Pick<RegistrationApi, 'registration'>): void {
  api.registration.deny('Registration is limited to company email addresses.', [
    {
      errorSummary: `Use your work email (${ALLOWED_EMAIL_DOMAINS.map((d) => `@${d}`).join(' or ')}).`,
      reason: 'INVALID_EMAIL_DOMAIN',
      locationType: 'body',
      location: 'data.userProfile.email',
      domain: 'end-user',
    },
  ]);
}

/** True when the org already has a user with this login; a 404 means the login is free. */
async function loginTaken(okta: OktaClient, login: string, signal: AbortSignal): Promise<boolean> {
  try {
    await usersApi(okta).getUser(login, { signal });
    return true;
  } catch (error) {
    if (error instanceof OktaApiError && error.status === 404) return false;
    throw error;
  }
}

/**
 * Lets only company addresses register, telling everyone else why next to the email field, and
 * refuses a login the org already has (checked through ctx.okta before Okta tries to create it).
 */
export const registrationExample = registrationHook(async (event, api, ctx) => {
  if (event.requestType !== 'self.service.registration') return;
  const email = event.userProfile.email;
  if (!isCompanyEmail(email)) {
    denyNonCompanyEmail(api);
    return;
  }
  const login = String(event.userProfile.login ?? email);
  const okta = oktaIfConfigured(ctx);
  if (okta && (await loginTaken(okta, login, ctx.signal))) {
    api.registration.deny('An account with this login already exists.', [
      { errorSummary: 'This login is already taken. Sign in instead.', reason: 'LOGIN_TAKEN', locationType: 'body', location: 'data.userProfile.login', domain: 'end-user' },
    ]);
    return;
  }
  api.registration.allow();
});

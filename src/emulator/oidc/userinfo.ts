/** `/v1/userinfo` claims by granted scope (OIDC Core 5.4), from the user's Okta profile. */
import type { UserDoc } from '../store/types.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function defined(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

export function userInfoClaims(user: UserDoc, scopes: readonly string[]): Record<string, unknown> {
  const p = user.profile;
  const claims: Record<string, unknown> = { sub: user.id };
  if (scopes.includes('profile')) {
    const name = [text(p.firstName), text(p.lastName)].filter(Boolean).join(' ');
    Object.assign(
      claims,
      defined({
        name: text(p.displayName) ?? (name || undefined),
        given_name: text(p.firstName),
        family_name: text(p.lastName),
        middle_name: text(p.middleName),
        nickname: text(p.nickName),
        preferred_username: p.login,
        profile: text(p.profileUrl),
        locale: text(p.locale),
        zoneinfo: text(p.timezone),
        updated_at: Math.floor(Date.parse(user.lastUpdated) / 1000),
      }),
    );
  }
  if (scopes.includes('email') && text(p.email)) {
    const verified = user.credentials.emails?.some((email) => email.value === p.email && email.status === 'VERIFIED') ?? false;
    Object.assign(claims, { email: p.email, email_verified: verified });
  }
  if (scopes.includes('phone') && text(p.mobilePhone)) claims.phone_number = p.mobilePhone;
  if (scopes.includes('address')) {
    const address = defined({
      street_address: text(p.streetAddress),
      locality: text(p.city),
      region: text(p.state),
      postal_code: text(p.zipCode),
      country: text(p.countryCode),
    });
    if (Object.keys(address).length > 0) claims.address = address;
  }
  return claims;
}

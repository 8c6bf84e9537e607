/** Okta's one-time verification of an event hook endpoint: echo the challenge header as JSON. */

export const CHALLENGE_HEADER = 'x-okta-verification-challenge';
export const MAX_CHALLENGE_LENGTH = 512;

// Visible ASCII only: the value goes back out inside JSON and must not carry control characters.
const PRINTABLE = /^[\x21-\x7e]+$/;

export type ChallengeCheck = { ok: true; value: string } | { ok: false; reason: string };

export function checkChallenge(value: string | undefined): ChallengeCheck {
  if (value === undefined || value.trim() === '') return { ok: false, reason: `missing ${CHALLENGE_HEADER} header` };
  const challenge = value.trim();
  if (challenge.length > MAX_CHALLENGE_LENGTH) {
    return { ok: false, reason: `${CHALLENGE_HEADER} longer than ${MAX_CHALLENGE_LENGTH} characters` };
  }
  if (!PRINTABLE.test(challenge)) return { ok: false, reason: `${CHALLENGE_HEADER} has non-printable characters` };
  return { ok: true, value: challenge };
}

/**
 * Okta's verdict on one inline hook response, given the request it answers: does the response
 * honour the contract, and what would Okta do with it? Used by `gatehook send` and usable by the
 * emulator's `/execute` endpoint. An `error` object is a valid answer (the hook's way to say no).
 */
import type { InlineHookType } from '../../handlers/core/types.js';
import { applyPasswordImportResponse } from './apply-password-import.js';
import { applyRegistrationResponse, type RegistrationRequestType } from './apply-registration.js';
import { applySamlResponse } from './apply-saml.js';
import { applyTelephonyResponse } from './apply-telephony.js';
import { applyTokenResponse } from './apply-token.js';
import { applyUserImportResponse, type UserImportAction } from './apply-user-import.js';
import { isRecord, readResponse } from './response-shape.js';

export interface Verdict {
  honoured: boolean;
  /** One line: what Okta does with this response. */
  summary: string;
}

type Judge = (request: Record<string, unknown>, body: unknown) => Verdict;

const ok = (summary: string): Verdict => ({ honoured: true, summary });
const refused = (summary: string): Verdict => ({ honoured: false, summary });

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const seconds = (value: unknown): number => (typeof value === 'number' ? value : 3600);

const JUDGES: Record<InlineHookType, Judge> = {
  token(request, body) {
    const identity = at(request, 'data', 'identity');
    const result = applyTokenResponse(
      {
        accessClaims: record(at(request, 'data', 'access', 'claims')),
        accessLifetime: seconds(at(request, 'data', 'access', 'token', 'lifetime', 'expiration')),
        ...(isRecord(identity)
          ? { idClaims: record(identity.claims), idLifetime: seconds(at(identity, 'token', 'lifetime', 'expiration')) }
          : {}),
      },
      body,
    );
    if (result.kind === 'error') return ok(`no token is minted: server_error "${result.errorDescription}"`);
    if (result.kind === 'unchanged') return refused(`the patch fails, the original token is minted: ${result.reason}`);
    return ok(`${result.operations} patch operation(s) apply cleanly`);
  },
  registration(request, body) {
    const requestType: RegistrationRequestType =
      request.requestType === 'progressive.profile' ? 'progressive.profile' : 'self.service.registration';
    const profile =
      requestType === 'progressive.profile'
        ? { ...record(at(request, 'data', 'context', 'user', 'profile')), ...record(at(request, 'data', 'userProfileUpdate')) }
        : record(at(request, 'data', 'userProfile'));
    const result = applyRegistrationResponse({ requestType, profile }, body);
    if (result.kind === 'allowed') return ok(`allowed, ${Object.keys(result.updates).length} attribute(s) set`);
    if (result.reason) return refused(`denied because the response is unusable: ${result.reason}`);
    return ok(`denied by the hook: "${result.message}"`);
  },
  'password-import'(request, body) {
    const fallback = at(request, 'data', 'action', 'credential') === 'VERIFIED' ? 'VERIFIED' : 'UNVERIFIED';
    const result = applyPasswordImportResponse(body, fallback);
    if (result.kind === 'verified') return ok('password VERIFIED: the user signs in and the password is imported');
    if (result.kind === 'unverified') return ok(`sign-in fails: ${result.reason}`);
    return refused(`sign-in fails because the response is unusable: ${result.reason}`);
  },
  'user-import'(request, body) {
    const action: UserImportAction = at(request, 'data', 'action', 'result') === 'LINK_USER' ? 'LINK_USER' : 'CREATE_USER';
    const result = applyUserImportResponse(
      { action, appUserProfile: record(at(request, 'data', 'appUser', 'profile')), userProfile: record(at(request, 'data', 'user', 'profile')) },
      body,
    );
    if (!result.failure) return ok(result.action === 'LINK_USER' ? `LINK_USER to ${result.linkUserId}` : 'CREATE_USER');
    const read = readResponse(body);
    if (read.ok && read.response.error) return ok(`a failure is recorded and the user is created: ${result.failure}`);
    return refused(`the response is unusable, the user is created unchanged: ${result.failure}`);
  },
  saml(request, body) {
    const result = applySamlResponse(record(at(request, 'data', 'assertion')), body);
    if (result.kind === 'error') return ok(`the sign-on fails with "${result.message}"`);
    if (result.kind === 'unchanged') return refused(`the patch fails, the original assertion is used: ${result.reason}`);
    return ok(`${result.operations} assertion patch operation(s) apply cleanly`);
  },
  telephony(_request, body) {
    const result = applyTelephonyResponse(body);
    if (result.kind === 'sent-by-hook') return ok(`OTP ${result.delivery.status} through ${result.delivery.provider ?? 'the hook provider'}`);
    if (!result.invalid) return ok(`Okta's own provider sends the OTP: ${result.reason}`);
    return refused(`the response is unusable, Okta's own provider sends the OTP: ${result.reason}`);
  },
};

export function judgeHookResponse(type: InlineHookType, request: unknown, body: unknown): Verdict {
  return JUDGES[type](record(request), body);
}

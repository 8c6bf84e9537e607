/**
 * A preview of the SAML assertion an app would receive for a user, as JSON (the emulator signs no
 * XML): `POST /api/v1/_emulator/apps/{appId}/saml/preview` with `{ userId }` (API token). The active
 * SAML hook may patch it; when the hook fails or its patch is unusable the original assertion is
 * used (fail-open), and an `error` from the hook makes the sign-on fail.
 *
 * Answer: `{ result: "PATCHED" | "ORIGINAL" | "ERROR", assertion?, reason?, errorSummary? }`.
 */
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { notFound } from '../errors.js';
import { applySamlResponse, samlHookSkipped, type SamlAssertion } from '../hook-calls/apply-saml.js';
import { baseUrl, readJsonObject, stringField } from '../http.js';
import { randomBase62 } from '../ids.js';
import type { AppDoc, UserDoc } from '../store/types.js';
import { getUserOr404 } from '../users.js';
import { ValidationIssues } from '../validation.js';
import { hookEnvelope, requestInfoOf, runInlineHook } from './hook-runner.js';

const UNSPECIFIED = 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified';

function attribute(value: unknown): Record<string, unknown> {
  return { attributes: { NameFormat: UNSPECIFIED }, attributeValues: [{ attributes: { 'xsi:type': 'xs:string' }, value: String(value) }] };
}

function originalAssertion(base: string, app: AppDoc, user: UserDoc): SamlAssertion {
  const acs = `${base}/app/${app.id}/sso/saml/acs`;
  const claims: Record<string, unknown> = {};
  for (const name of ['email', 'firstName', 'lastName']) if (user.profile[name] !== undefined) claims[name] = attribute(user.profile[name]);
  return {
    subject: {
      nameId: user.profile.login,
      nameFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      confirmation: { method: 'urn:oasis:names:tc:SAML:2.0:cm:bearer', data: { recipient: acs } },
    },
    authentication: {
      sessionIndex: `id${Date.now()}.${randomBase62(9)}`,
      authnContext: { authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' },
    },
    conditions: { audienceRestriction: [`${base}/app/${app.id}/sso/saml/metadata`] },
    claims,
    lifetime: { expiration: 300 },
  };
}

async function preview(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const appId = c.req.param('appId') ?? '';
  const app = deps.store.apps.get(appId);
  if (!app) throw notFound('AppInstance', appId);
  const userId = stringField(await readJsonObject(c), 'userId');
  if (!userId) ValidationIssues.fail('userId', 'The field cannot be left blank');
  const user = getUserOr404(deps, userId);
  const base = baseUrl(c, deps);
  const assertion = originalAssertion(base, app, user);
  const request = requestInfoOf(c);
  const ssoUrl = `${base}/app/${app.name}/${app.id}/sso/saml`;
  const call = await runInlineHook(deps, 'saml', request.id, () =>
    hookEnvelope(deps, 'saml', ssoUrl, {
      context: {
        request,
        protocol: { type: 'SAML2.0', issuer: { id: app.id, name: app.label, uri: `http://www.okta.com/${app.id}` } },
        user: {
          id: user.id,
          passwordChanged: user.passwordChanged,
          profile: { login: user.profile.login, firstName: user.profile.firstName ?? null, lastName: user.profile.lastName ?? null, locale: user.profile.locale ?? 'en_US', timeZone: user.profile.timezone ?? 'America/Los_Angeles' },
          _links: { groups: { href: `${base}/api/v1/users/${user.id}/groups` }, factors: { href: `${base}/api/v1/users/${user.id}/factors` } },
        },
      },
      assertion,
    }),
  );
  if (!call) return c.json({ result: 'ORIGINAL', assertion, reason: 'no active SAML inline hook' });
  const { outcome } = call;
  const result = outcome.ok ? applySamlResponse(assertion, outcome.body) : samlHookSkipped(assertion, outcome.message);
  call.processed({
    applied: result.kind !== 'unchanged',
    ...(result.kind === 'unchanged' ? { reason: `the original assertion is used: ${result.reason}` } : {}),
    ...(result.kind === 'error' ? { reason: result.message } : {}),
    ...(result.debugContext ? { debugContext: result.debugContext } : {}),
  });
  if (result.kind === 'error') return c.json({ result: 'ERROR', errorSummary: result.message });
  if (result.kind === 'unchanged') return c.json({ result: 'ORIGINAL', assertion: result.assertion, reason: result.reason });
  return c.json({ result: 'PATCHED', assertion: result.assertion });
}

export function samlRoutes(deps: EmulatorDeps): RouteDef[] {
  return [{ method: 'POST', path: '/api/v1/_emulator/apps/{appId}/saml/preview', scope: 'okta.apps.read', handler: (c) => preview(c, deps) }];
}

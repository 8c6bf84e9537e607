/**
 * Paths of Okta's Management API the emulator does not model answer 501 GHEMU_NOT_IMPLEMENTED
 * naming the operation; paths Okta does not have keep the 404; the SDK's own calls see the 501.
 */
import okta from '@okta/okta-sdk-nodejs';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorEnv } from '../../../src/emulator/context.js';
import { OktaApiError } from '../../../src/emulator/errors.js';
import { mountNotImplemented, unmodelledOperations } from '../../../src/emulator/not-implemented/fallback.js';
import { OKTA_SDK_OPERATIONS } from '../../../src/emulator/not-implemented/okta-operations.js';
import { allRoutes } from '../../../src/emulator/routes/index.js';
import { startTestOrg, TOKEN, type TestOrg } from '../helpers.js';

let org: TestOrg;
let client: okta.Client;

beforeAll(async () => {
  org = await startTestOrg();
  client = new okta.Client({ orgUrl: org.url, token: TOKEN });
});
afterAll(() => org.close());

const fill = (template: string) => template.replace(/\{[^}]+\}/g, 'ghemu0000000000000x1');

describe('the 501 answer for unmodelled operations', () => {
  it('names the operation of today\'s SDK in the errorSummary, with the method and path in the cause', async () => {
    const answer = await org.call('GET', '/api/v1/iam/resource-sets');
    expect(answer.status).toBe(501);
    expect(answer.body).toMatchObject({ errorCode: 'GHEMU_NOT_IMPLEMENTED', errorSummary: 'Not implemented by the gatehook emulator: listResourceSets', errorLink: 'GHEMU_NOT_IMPLEMENTED' });
    expect(answer.body.errorId).toMatch(/^oae/);
    expect(answer.body.errorCauses[0].errorSummary).toMatch(/^GET \/api\/v1\/iam\/resource-sets \(listResourceSets\) is part of Okta's Management API/);

    const patch = await org.call('PATCH', `/workload-principals/api/v1/ai-agents/${fill('{agentId}')}`);
    expect([patch.status, patch.body.errorSummary]).toEqual([501, 'Not implemented by the gatehook emulator: updateAIAgent']);
  });

  it('reaches Okta\'s SDK as an error with status 501 and the code', async () => {
    const error = (await client.customizationApi.getBrand({ brandId: 'bnd0000000000000000x' }).then(
      () => undefined,
      (caught: unknown) => caught,
    )) as { status?: number; errorCode?: string; errorSummary?: string } | undefined;
    expect(error?.status).toBe(501);
    expect(error?.errorCode).toBe('GHEMU_NOT_IMPLEMENTED');
    expect(error?.errorSummary).toBe('Not implemented by the gatehook emulator: getBrand');
  });

  it('asks for credentials first like every API path, except the anonymous /.well-known ones', async () => {
    const anonymous = await org.call('GET', '/api/v1/iam/resource-sets', { auth: null });
    expect(anonymous.status).toBe(403);
    const badToken = await org.call('GET', '/api/v1/iam/resource-sets', { auth: 'SSWS wrong-token' });
    expect([badToken.status, badToken.body.errorCode]).toEqual([401, 'E0000011']);
    const wellKnown = await org.call('GET', '/.well-known/ssf-configuration', { auth: null });
    expect([wellKnown.status, wellKnown.body.errorSummary]).toEqual([501, 'Not implemented by the gatehook emulator: getWellknownSsfMetadata']);
    // An anonymous operation the emulator implements answers itself, not the fallback.
    const organization = await org.call('GET', '/.well-known/okta-organization', { auth: null });
    expect([organization.status, typeof organization.body.id]).toEqual([200, 'string']);
  });

  it('keeps 404 for paths Okta does not have and for missing resources, 405 for a known path with another method', async () => {
    const unknown = await org.call('GET', '/api/v1/no-such-collection/abc');
    expect([unknown.status, unknown.body.errorCode, unknown.body.errorSummary]).toEqual([404, 'E0000007', 'Not found: Resource not found: /api/v1/no-such-collection/abc (Unknown)']);
    const missing = await org.call('GET', '/api/v1/apps/0oa00000000000000000');
    expect([missing.status, missing.body.errorCode]).toEqual([404, 'E0000007']);
    expect(missing.body.errorSummary).toMatch(/AppInstance/);
    const wrongMethod = await org.call('PATCH', '/api/v1/iam/resource-sets');
    expect([wrongMethod.status, wrongMethod.body.errorCode]).toEqual([405, 'E0000022']);
  });

  it('a literal path of Okta wins over an implemented parameter path', async () => {
    const me = await org.call('GET', '/api/v1/sessions/me');
    expect([me.status, me.body.errorSummary]).toEqual([501, 'Not implemented by the gatehook emulator: getCurrentSession']);
  });

  it('answers every call of the 8.x SDK with something other than "unknown path" or "wrong method"', async () => {
    const unknownPath: string[] = [];
    const failures: string[] = [];
    for (const [name, method, path] of OKTA_SDK_OPERATIONS) {
      const answer = await org.call(method, fill(path), method === 'GET' || method === 'DELETE' ? {} : { body: {} });
      if (answer.status === 405 || (answer.status === 404 && /\(Unknown\)$/.test(String(answer.body?.errorSummary)))) unknownPath.push(`${name} ${method} ${path}`);
      if (answer.status >= 500 && answer.status !== 501) failures.push(`${name} ${method} ${path} -> ${answer.status}`);
    }
    expect(unknownPath).toEqual([]);
    expect(failures).toEqual([]);
  }, 60_000);
});

describe('mountNotImplemented', () => {
  it('steps aside for an implemented route that is more specific for the request', async () => {
    const app = new Hono<EmulatorEnv>();
    app.onError((error, c) => (error instanceof OktaApiError ? c.json(error.toBody(), error.status as 501) : c.text('crash', 500)));
    const implemented = [{ method: 'GET', path: '/api/v1/users/{userId}/factors/catalog' }];
    const unmodelled = mountNotImplemented(app, { implemented, guard: async () => {} });
    app.get('/api/v1/users/:userId/factors/catalog', (c) => c.json({ implemented: true }));
    expect(unmodelled.some((operation) => operation.path === '/api/v1/users/{userId}/factors/{factorId}' && operation.method === 'GET')).toBe(true);

    const catalog = await app.request('/api/v1/users/u1/factors/catalog');
    expect(await catalog.json()).toEqual({ implemented: true });
    const factor = await app.request('/api/v1/users/u1/factors/abc');
    expect(factor.status).toBe(501);
    expect(((await factor.json()) as { errorSummary: string }).errorSummary).toBe('Not implemented by the gatehook emulator: getFactor');
  });

  it('lists no operation the emulator implements, and every unmodelled one once', async () => {
    const { createEmulator } = await import('../../../src/emulator/server.js');
    const emulator = await createEmulator({ apiTokens: [TOKEN], seed: false });
    try {
      const implemented = allRoutes(emulator.deps);
      const unmodelled = unmodelledOperations(implemented);
      const shape = (method: string, path: string) => `${method} ${path.replace(/\{[^}]+\}/g, '{}')}`;
      const implementedShapes = new Set(implemented.map((route) => shape(route.method, route.path)));
      const keys = unmodelled.map((operation) => shape(operation.method, operation.path));
      expect(keys.filter((key) => implementedShapes.has(key))).toEqual([]);
      expect(new Set(keys).size).toBe(keys.length);
      // Variants of one call share it: the certificate uploads of the seed.
      const publish = unmodelled.find((operation) => operation.path.endsWith('/credentials/csrs/{csrId}/lifecycle/publish') && operation.path.startsWith('/api/v1/apps/'));
      expect(publish?.names.length).toBeGreaterThan(1);
    } finally {
      emulator.close();
    }
  });
});

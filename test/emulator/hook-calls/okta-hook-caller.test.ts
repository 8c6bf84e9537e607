import { describe, expect, it } from 'vitest';
import { createOktaHookCaller, inlineHookTypeOf } from '../../../src/emulator/hook-calls/okta-hook-caller.js';
import type { EventHookDoc, InlineHookDoc } from '../../../src/emulator/store/types.js';
import { json, serverPool } from './http-fixture.js';

const serve = serverPool();

const channel = (uri: string) => ({
  type: 'HTTP' as const,
  version: '1.0.0',
  config: { uri, headers: [{ key: 'X-Extra', value: 'x' }], authScheme: { type: 'HEADER', key: 'Authorization', value: 'secret' } },
});

function inlineHook(type: string, uri: string): InlineHookDoc {
  return { id: 'cal1', status: 'ACTIVE', name: 'h', type, version: '1.0.0', channel: channel(uri), created: '', lastUpdated: '' };
}

describe('createOktaHookCaller (the emulator seam)', () => {
  it('maps Okta hook types to ours', () => {
    expect(inlineHookTypeOf('com.okta.import.transform')).toBe('user-import');
    expect(inlineHookTypeOf('com.okta.telephony.provider')).toBe('telephony');
    expect(inlineHookTypeOf('com.okta.unknown')).toBeUndefined();
  });

  it('applies the per-type retry rule: token once, registration twice', async () => {
    const server = await serve((_req, res) => json(res, 503, {}));
    const caller = createOktaHookCaller();
    expect(await caller.executeInlineHook(inlineHook('com.okta.oauth2.tokens.transform', server.url), {})).toMatchObject({ ok: false, failure: 'http-status', status: 503, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    await caller.executeInlineHook(inlineHook('com.okta.user.pre-registration', server.url), {});
    expect(server.requests).toHaveLength(3);
  });

  it('returns the body (null for 204) and sends the stored secret and headers', async () => {
    const server = await serve((_req, res, index) => {
      if (index === 0) return json(res, 200, { commands: [] });
      res.writeHead(204);
      res.end();
    });
    const caller = createOktaHookCaller();
    expect(await caller.executeInlineHook(inlineHook('com.okta.saml.tokens.transform', server.url), {})).toMatchObject({ ok: true, status: 200, body: { commands: [] }, attempts: 1 });
    const empty = await caller.executeInlineHook(inlineHook('com.okta.saml.tokens.transform', server.url), {});
    expect(empty).toMatchObject({ ok: true, status: 204 });
    expect(empty.ok && empty.body).toBeUndefined();
    expect(server.requests[0]?.headers).toMatchObject({ authorization: 'secret', 'x-extra': 'x' });
  });

  it('reports an unparseable body as invalid-json', async () => {
    const server = await serve((_req, res) => {
      res.end('not json');
    });
    const result = await createOktaHookCaller().executeInlineHook(inlineHook('com.okta.import.transform', server.url), {});
    expect(result).toMatchObject({ ok: false, failure: 'invalid-json' });
  });

  it('verifies an event hook through the challenge', async () => {
    const good = await serve((req, res) => json(res, 200, { verification: req.headers['x-okta-verification-challenge'] }));
    const bad = await serve((_req, res) => json(res, 200, { verification: 'nope' }));
    const doc = (uri: string): EventHookDoc => ({
      id: 'who1', status: 'ACTIVE', verificationStatus: 'UNVERIFIED', name: 'e', events: { type: 'EVENT_TYPE', items: [] },
      channel: channel(uri), created: '', createdBy: '', lastUpdated: '',
    });
    const caller = createOktaHookCaller();
    expect(await caller.verifyEventHook(doc(good.url))).toMatchObject({ ok: true, status: 200 });
    expect(await caller.verifyEventHook(doc(bad.url))).toMatchObject({ ok: false, failure: 'challenge-mismatch' });
  });
});

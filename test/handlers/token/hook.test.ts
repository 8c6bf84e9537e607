import { describe, expect, it } from 'vitest';
import { sampleTokenRequest, tokenHook } from '../../../src/handlers/token/index.js';
import { parsed, produce, testContext } from '../helpers.js';

describe('tokenHook definition', () => {
  it('describes the token hook type', () => {
    const def = tokenHook(() => {});
    expect(def.type).toBe('token');
    expect(def.eventType).toBe('com.okta.oauth2.tokens.transform');
  });

  it('rejects a handler that is not a function', () => {
    expect(() => tokenHook(undefined as unknown as () => void)).toThrow(TypeError);
  });

  it('answers 204 (null) when the handler changes nothing', async () => {
    expect(await produce(tokenHook, sampleTokenRequest(), () => {})).toBeNull();
  });

  it('fails open: the fallback is an empty 204 for every reason', () => {
    const def = tokenHook(() => {});
    const event = parsed(def, sampleTokenRequest());
    for (const reason of ['timeout', 'handler-error', 'contract-violation'] as const) expect(def.fallback(event, reason)).toBeNull();
    expect(def.fallback(undefined, 'timeout')).toBeNull();
  });

  it('passes the handler error through to the runtime', async () => {
    const def = tokenHook(() => {
      throw new Error('downstream down');
    });
    await expect(def.execute(parsed(def, sampleTokenRequest()), testContext())).rejects.toThrow('downstream down');
  });

  it('groups consecutive ops per token and starts a new command on nextCommand()', async () => {
    const body = await produce(tokenHook, sampleTokenRequest(), (api) => {
      api.accessToken.addClaim('a', 1);
      api.accessToken.addClaim('b', 2);
      api.nextCommand();
      api.accessToken.addClaim('c', 3);
      api.idToken.addClaim('d', 4);
      api.accessToken.addClaim('e', 5);
    });
    expect(body?.commands?.map((c) => [c.type, (c.value as unknown[]).length])).toEqual([
      ['com.okta.access.patch', 2],
      ['com.okta.access.patch', 1],
      ['com.okta.identity.patch', 1],
      ['com.okta.access.patch', 1],
    ]);
  });

  it('escapes URI claim names and deep segments per RFC 6901', async () => {
    const body = await produce(tokenHook, sampleTokenRequest(), (api) => {
      api.accessToken.addClaim('https://example.com/claims/tier~1', 'gold');
      api.accessToken.addClaim(['org/unit', 'a~b', 0], 'x');
    });
    expect((body?.commands?.[0]?.value as { path: string }[]).map((op) => op.path)).toEqual([
      '/claims/https:~1~1example.com~1claims~1tier~01',
      '/claims/org~1unit/a~0b/0',
    ]);
  });

  it('keeps what was checked even if the caller mutates the value afterwards', async () => {
    const roles = ['reader'];
    const body = await produce(tokenHook, sampleTokenRequest(), (api) => {
      api.accessToken.addClaim('roles', roles);
      roles.push('admin');
    });
    expect((body?.commands?.[0]?.value as { value: unknown }[])[0]?.value).toEqual(['reader']);
  });

  it('keeps what was checked when a raw op and its object members are mutated afterwards', async () => {
    const op = { op: 'add', path: '/claims/profile', value: { tier: 'gold' } };
    const body = await produce(tokenHook, sampleTokenRequest(), (api) => {
      api.accessToken.patch(op);
      op.path = '/claims/sub';
      op.value.tier = 'platinum';
    });
    expect(body?.commands?.[0]?.value).toEqual([{ op: 'add', path: '/claims/profile', value: { tier: 'gold' } }]);
  });

  it('combines error, debugContext and commands', async () => {
    const body = await produce(tokenHook, sampleTokenRequest(), (api) => {
      api.accessToken.addClaim('a', 1);
      api.debugContext({ lookupMs: 12 });
      api.debugContext({ cache: 'hit' });
      api.error('denied');
    });
    expect(body).toEqual({
      commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/a', value: 1 }] }],
      error: { errorSummary: 'denied' },
      debugContext: { lookupMs: 12, cache: 'hit' },
    });
  });

  it('rejects a debugContext that is not a plain JSON object', async () => {
    await expect(produce(tokenHook, sampleTokenRequest(), (api) => api.debugContext([] as unknown as Record<string, unknown>))).rejects.toThrow(/response.debug-context/);
    await expect(produce(tokenHook, sampleTokenRequest(), (api) => api.debugContext({ at: new Date() }))).rejects.toThrow(/response.json-value/);
  });

  it('rejects malformed error causes at the call', async () => {
    await expect(produce(tokenHook, sampleTokenRequest(), (api) => api.error('x', [{ reason: 'NO_SUMMARY' } as never]))).rejects.toThrow(/errorCauses\[0\] needs a string errorSummary/);
    await expect(produce(tokenHook, sampleTokenRequest(), (api) => api.error(42 as unknown as string))).rejects.toThrow(/response.error-shape/);
  });

  it('does not redact anything that is not secret', () => {
    const body = sampleTokenRequest();
    expect(tokenHook(() => {}).redact(body)).toEqual(body);
  });
});

describe('token request parsing', () => {
  const def = tokenHook(() => {});

  it('exposes the typed view', () => {
    const request = sampleTokenRequest();
    const event = parsed(def, request);
    expect(event.eventId).toBe(request.eventId);
    expect(event.user?.id).toBe(request.data.context.user?.id);
    expect(event.grantType).toBe('authorization_code');
    expect(event.identity?.lifetime).toBe(3600);
    expect(event.access?.claims.cid).toBe(event.clientId);
    expect(event.raw).toEqual(request);
  });

  it('accepts client credentials requests without user, session or ID token', () => {
    const event = parsed(def, sampleTokenRequest({ data: { identity: undefined, context: { user: undefined, session: undefined } } }));
    expect(event.user).toBeUndefined();
    expect(event.identity).toBeUndefined();
  });

  it('tolerates version drift: numeric versions, eventID, cloudEventsVersion, unknown fields', () => {
    const request = sampleTokenRequest({ eventId: undefined, eventID: 'legacy-id', eventTypeVersion: 1, cloudEventVersion: undefined, cloudEventsVersion: 0.1, futureField: { x: 1 } });
    const event = parsed(def, request);
    expect(event.eventId).toBe('legacy-id');
    expect((event.raw as Record<string, unknown>).futureField).toEqual({ x: 1 });
  });

  it('reads OriginalGrant for refresh-token requests', () => {
    const event = parsed(def, sampleTokenRequest({ data: { context: { protocol: { OriginalGrant: { refresh_token: { jti: 'rt-1' } } } } } }));
    expect(event.originalGrant?.refresh_token?.jti).toBe('rt-1');
  });

  it.each([
    [null, '(root)', 'expected object, got null'],
    ['text', '(root)', 'expected object, got string'],
    [{ eventType: 'com.okta.oauth2.tokens.transform', eventId: 'e' }, 'data', 'required object is missing'],
    [{ eventType: 'com.okta.saml.tokens.transform', eventId: 'e', data: { context: {} } }, 'eventType', 'expected "com.okta.oauth2.tokens.transform", got "com.okta.saml.tokens.transform"'],
    [{ eventType: 'com.okta.oauth2.tokens.transform', data: { context: {} } }, 'eventId', 'required string is missing (eventId, or eventID in older payloads)'],
    [{ eventType: 'com.okta.oauth2.tokens.transform', eventId: 'e', eventTypeVersion: true, data: { context: {} } }, 'eventTypeVersion', 'expected string or number, got boolean'],
  ])('rejects %j at %s', (body, location, message) => {
    const result = def.parse(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual({ location, message });
  });

  it('locates nested problems precisely', () => {
    const result = def.parse(sampleTokenRequest({ data: { access: { claims: [] }, context: { session: { amr: ['pwd', 7] } } } }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { location: 'data.access.claims', message: 'expected object, got array' },
        { location: 'data.context.session.amr[1]', message: 'expected string, got number' },
      ]),
    );
  });
});

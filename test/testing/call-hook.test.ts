import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordImportHook } from '../../src/handlers/password-import/index.js';
import { registrationHook } from '../../src/handlers/registration/index.js';
import { tokenHook } from '../../src/handlers/token/index.js';
import { ContractViolationError } from '../../src/handlers/core/errors.js';
import { usersApi } from '../../src/sdk/users.js';
import { callHook, HookRequestError, HookTimeoutError, samples, startTestOrg, withOverrides, type TestOrg } from '../../src/testing/index.js';

describe('callHook', () => {
  it('returns the commands Okta would receive, and what the handler logged', async () => {
    const hook = tokenHook((event, api, ctx) => {
      ctx.log.info('enriching', { client: event.clientId });
      api.accessToken.addClaims({ tier: 'gold' });
    });
    const result = await callHook(hook);
    expect(result.outcome).toBe('applied');
    expect(result.commands).toEqual([{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/tier', value: 'gold' }] }]);
    expect(result.logs).toEqual([{ level: 'info', message: 'enriching', fields: { client: expect.any(String) } }]);
  });

  it('applies overrides to the sample, deeply', async () => {
    let seen: unknown;
    const hook = registrationHook((event) => {
      seen = event.userProfile;
    });
    await callHook(hook, { overrides: { data: { userProfile: { email: 'x@corp.example' } } } });
    expect(seen).toMatchObject({ email: 'x@corp.example', firstName: expect.any(String) });
    expect(withOverrides({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] } });
  });

  it('tells denials and no-ops apart', async () => {
    const deny = registrationHook((_event, api) => api.registration.deny('No.'));
    expect((await callHook(deny)).outcome).toBe('denied');
    const unverified = passwordImportHook((_event, api) => api.credential.unverified());
    expect((await callHook(unverified)).outcome).toBe('denied');
    expect((await callHook(tokenHook(() => undefined))).outcome).toBe('no-op');
  });

  it('throws a contract violation instead of answering the fallback', async () => {
    const hook = tokenHook((_event, api) => api.accessToken.addClaims({ iss: 'overwritten' }));
    await expect(callHook(hook)).rejects.toBeInstanceOf(ContractViolationError);
  });

  it("throws the handler's own error, a request that does not parse, and an overrun", async () => {
    await expect(callHook(tokenHook(() => { throw new Error('directory down'); }))).rejects.toThrow('directory down');
    await expect(callHook(tokenHook(() => undefined), { request: { eventType: 'nope' } })).rejects.toBeInstanceOf(HookRequestError);
    const slow = tokenHook(async (_event, _api, ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      ctx.signal.throwIfAborted();
    });
    await expect(callHook(slow, { timeoutMs: 50 })).rejects.toBeInstanceOf(HookTimeoutError);
  });

  it('has a sample of every hook type that its own definition parses', () => {
    expect(Object.keys(samples).sort()).toEqual(['delivery', 'logEvent', 'password-import', 'registration', 'saml', 'telephony', 'token', 'user-import']);
    expect(samples.delivery([samples.logEvent()]).data.events).toHaveLength(1);
  });
});

describe('startTestOrg', () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await startTestOrg({ users: [{ login: 'ada@example.com', password: 'Correct-Horse-9', profile: { department: 'R&D' } }, { login: 'bob@example.com' }] });
  });
  afterAll(() => org.stop());

  it('seeds the named users and gives a client for the hooks under test', async () => {
    const ada = await usersApi(org.okta).getUser(org.users['ada@example.com']!);
    expect(ada).toMatchObject({ status: 'ACTIVE', profile: { login: 'ada@example.com', department: 'R&D' } });
    expect((await usersApi(org.okta).getUser(org.users['bob@example.com']!)).status).toBe('STAGED');
    const hook = tokenHook(async (event, api, ctx) => {
      const user = await usersApi(ctx.okta).getUser('ada@example.com', { signal: ctx.signal });
      api.accessToken.addClaims({ department: user.profile?.department });
    });
    const result = await callHook(hook, { okta: org.okta });
    expect(result.commands[0]?.value).toEqual([{ op: 'add', path: '/claims/department', value: 'R&D' }]);
  });

  it('refuses a user the org refuses, naming it', async () => {
    await expect(startTestOrg({ users: [{ login: 'not-an-email' }] })).rejects.toThrow(/creating test user not-an-email failed: 400/);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyHookPlan } from '../../src/deploy/org-hooks.js';
import { createRotationHandler, newHookSecretValue, rotationTargetFromEnv, type RotationEvent, type RotationTarget } from '../../src/deploy/rotation/handler.js';
import { sampleTokenRequest } from '../../src/handlers/index.js';
import { eventHooksApi } from '../../src/sdk/eventHooks.js';
import { inlineHooksApi } from '../../src/sdk/inlineHooks.js';
import { deployStack, EVENTS_SECRET_ID, ORG_SECRET_ID, TOKEN_SECRET_ID, type DeployedStack } from './helpers.js';

let stack: DeployedStack;
const logLines: string[] = [];

beforeEach(async () => {
  // A refresh-on-miss interval longer than the pauses between steps: setSecret must wait for the hook to accept the new value.
  stack = await deployStack({ minRefreshMs: 1500 });
  logLines.length = 0;
  await applyHookPlan(
    stack.okta,
    {
      inlineHooks: [{ name: 'gatehook token', type: 'token', url: `${stack.hooks.url}/hooks/token`, auth: { type: 'HEADER', key: 'Authorization', value: 'token-secret-value-one' } }],
      eventHook: { name: 'gatehook events', url: `${stack.hooks.url}/hooks/events`, auth: { type: 'HEADER', key: 'Authorization', value: 'events-secret-value-one' }, eventTypes: ['user.lifecycle.create'] },
    },
    () => undefined,
  );
});

afterEach(() => stack.close());

const TOKEN_TARGET: RotationTarget = { hookName: 'gatehook token', kind: 'token', orgCredentialsSecretId: ORG_SECRET_ID };
const STEPS: RotationEvent['Step'][] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rotation(target: RotationTarget, options: { acceptTimeoutMs?: number } = {}) {
  return createRotationHandler(target, { secretsClient: stack.secrets.client(), log: (line) => logLines.push(line), acceptIntervalMs: 50, ...options });
}

/** The org calling the token hook back to back (through the execute operation), until stopped. */
function streamOfOrgCalls() {
  const results: { ok: boolean; detail?: string }[] = [];
  let running = true;
  const done = (async () => {
    const api = inlineHooksApi(stack.okta);
    const [hook] = await api.listInlineHooks().toArray();
    while (running) {
      try {
        await api.executeInlineHook(hook!.id!, sampleTokenRequest() as unknown as Record<string, unknown>);
        results.push({ ok: true });
      } catch (error) {
        results.push({ ok: false, detail: String(error) });
      }
      await pause(10);
    }
  })();
  return {
    results,
    async stop() {
      running = false;
      await done;
    },
  };
}

const current = (id: string) => JSON.parse(stack.secrets.secrets.get(id)!) as { current: string; previous?: string };

describe('hook secret rotation', () => {
  it('rotates with calls from the org flowing the whole time, none refused', async () => {
    const stream = streamOfOrgCalls();
    await pause(300);
    const token = stack.secrets.startRotation(TOKEN_SECRET_ID);
    const rotate = rotation(TOKEN_TARGET);
    for (const Step of STEPS) {
      await rotate({ SecretId: TOKEN_SECRET_ID, ClientRequestToken: token, Step });
      await pause(300);
    }
    await stream.stop();

    const after = current(TOKEN_SECRET_ID);
    expect(after).toEqual({ current: expect.stringMatching(/^[A-Za-z0-9]{48}$/), previous: 'token-secret-value-one' });
    expect(stream.results.length).toBeGreaterThan(20);
    expect(stream.results.filter((result) => !result.ok)).toEqual([]);
    // The rotation's own probes may be refused until the hook has read the pending value; the org's calls never are.
    const probes = stack.calls.filter((call) => call.userAgent === 'gatehook-rotation');
    expect(probes.at(-1)).toMatchObject({ status: 200 });
    const tokenCalls = stack.calls.filter((call) => call.path === '/hooks/token' && call.userAgent !== 'gatehook-rotation');
    expect(tokenCalls.filter((call) => call.status === 401)).toEqual([]);
    // Both values were really in use: the old one before the switch, the new one after it.
    expect(tokenCalls.some((call) => call.authorization === 'token-secret-value-one')).toBe(true);
    expect(tokenCalls.filter((call) => call.authorization === after.current).length).toBeGreaterThan(5);
    expect(tokenCalls.at(-1)!.authorization).toBe(after.current);
    expect(logLines).toEqual([
      `created the pending version of ${TOKEN_SECRET_ID}`,
      'hook "gatehook token" now sends the new value',
      'the org called hook "gatehook token" with the new value',
      `the new version of ${TOKEN_SECRET_ID} is AWSCURRENT`,
    ]);
    expect(logLines.join('\n')).not.toContain(after.current);
  });

  it('every step may run twice: the second run changes nothing', async () => {
    const token = stack.secrets.startRotation(TOKEN_SECRET_ID);
    const rotate = rotation(TOKEN_TARGET);
    await rotate({ SecretId: TOKEN_SECRET_ID, ClientRequestToken: token, Step: 'createSecret' });
    const pending = stack.secrets.versions.get(TOKEN_SECRET_ID)!.find((v) => v.versionId === token)!.value;
    await rotate({ SecretId: TOKEN_SECRET_ID, ClientRequestToken: token, Step: 'createSecret' });
    expect(stack.secrets.versions.get(TOKEN_SECRET_ID)!.find((v) => v.versionId === token)!.value).toBe(pending);
    for (const Step of STEPS.slice(1)) await rotate({ SecretId: TOKEN_SECRET_ID, ClientRequestToken: token, Step });
    await rotate({ SecretId: TOKEN_SECRET_ID, ClientRequestToken: token, Step: 'finishSecret' });
    expect(current(TOKEN_SECRET_ID).current).toBe(JSON.parse(pending!).current);
  });

  it('does not switch Okta while the hook refuses the new value, so the old one keeps working', async () => {
    // A hook whose secret source never sees the pending version (here: a function still on an old bundle).
    await stack.hooks.close();
    const { createHookApp } = await import('../../src/runtime/app.js');
    const { serveNode } = await import('../../src/runtime/node.js');
    const { tokenHook } = await import('../../src/handlers/token/index.js');
    const { fromValues } = await import('../../src/secrets/env.js');
    const app = createHookApp({ hooks: { token: tokenHook(() => undefined) }, auth: { header: { secrets: fromValues('token-secret-value-one') } } });
    const server = await serveNode(app, { port: Number(new URL(stack.hooks.url).port) });
    try {
      const token = stack.secrets.startRotation(TOKEN_SECRET_ID);
      const rotate = rotation(TOKEN_TARGET, { acceptTimeoutMs: 400 });
      await rotate({ SecretId: TOKEN_SECRET_ID, ClientRequestToken: token, Step: 'createSecret' });
      await expect(rotate({ SecretId: TOKEN_SECRET_ID, ClientRequestToken: token, Step: 'setSecret' })).rejects.toThrow(
        /did not accept the new value in time; Okta still sends the old one/,
      );
      const [hook] = await inlineHooksApi(stack.okta).listInlineHooks().toArray();
      await expect(inlineHooksApi(stack.okta).executeInlineHook(hook!.id!, sampleTokenRequest() as unknown as Record<string, unknown>)).resolves.toBeDefined();
      expect(current(TOKEN_SECRET_ID)).toEqual({ current: 'token-secret-value-one' });
    } finally {
      await server.close();
    }
  });

  it('rotates the event hook secret, tested by the org verifying the hook', async () => {
    const token = stack.secrets.startRotation(EVENTS_SECRET_ID);
    const rotate = rotation({ hookName: 'gatehook events', kind: 'events', orgCredentialsSecretId: ORG_SECRET_ID });
    for (const Step of STEPS) await rotate({ SecretId: EVENTS_SECRET_ID, ClientRequestToken: token, Step });
    const [hook] = await eventHooksApi(stack.okta).listEventHooks().toArray();
    expect(hook).toMatchObject({ verificationStatus: 'VERIFIED' });
    const eventsCalls = stack.calls.filter((call) => call.path === '/hooks/events');
    expect(eventsCalls.at(-1)).toMatchObject({ authorization: current(EVENTS_SECRET_ID).current, status: 200 });
  });

  it('refuses versions that are not pending, unknown hooks and a bad environment', async () => {
    const rotate = rotation(TOKEN_TARGET);
    const [currentVersion] = stack.secrets.versions.get(TOKEN_SECRET_ID)!;
    await expect(rotate({ SecretId: TOKEN_SECRET_ID, ClientRequestToken: 'no-such-version', Step: 'createSecret' })).rejects.toThrow('has no version no-such-version to rotate');
    // A step for the version that is already current is a finished rotation: nothing to do.
    await expect(rotate({ SecretId: TOKEN_SECRET_ID, ClientRequestToken: currentVersion!.versionId, Step: 'setSecret' })).resolves.toBeUndefined();
    const token = stack.secrets.startRotation(TOKEN_SECRET_ID);
    await rotate({ SecretId: TOKEN_SECRET_ID, ClientRequestToken: token, Step: 'createSecret' });
    const unknown = rotation({ ...TOKEN_TARGET, hookName: 'gatehook nothing' });
    await expect(unknown({ SecretId: TOKEN_SECRET_ID, ClientRequestToken: token, Step: 'setSecret' })).rejects.toThrow('the org has no inline hook named "gatehook nothing"');
    expect(() => rotationTargetFromEnv({ GATEHOOK_HOOK_NAME: 'x', GATEHOOK_HOOK_KIND: 'tokens', GATEHOOK_OKTA_SECRET_ID: 's' })).toThrow('GATEHOOK_HOOK_KIND must be events or one of token');
    expect(() => rotationTargetFromEnv({})).toThrow('needs GATEHOOK_HOOK_NAME, GATEHOOK_HOOK_KIND and GATEHOOK_OKTA_SECRET_ID');
  });

  it('new values are 48 header-safe characters and differ every time', () => {
    const values = new Set(Array.from({ length: 200 }, newHookSecretValue));
    expect(values.size).toBe(200);
    for (const value of values) expect(value).toMatch(/^[A-Za-z0-9]{48}$/);
  });
});

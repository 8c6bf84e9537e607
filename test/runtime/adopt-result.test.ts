import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/middleware/logger/index.js';
import { createHookApp } from '../../src/runtime/app.js';
import { fromValues } from '../../src/secrets/env.js';
import { registrationHook, sampleRegistrationRequest } from '../../src/handlers/registration/index.js';
import { passwordImportHook, samplePasswordImportRequest } from '../../src/handlers/password-import/index.js';

// Results whose adoption runs handler code that throws: a `then` getter, and a real promise whose
// `constructor` getter throws (Promise.resolve reads it).
function thenGetterThrows(): Promise<void> {
  return {
    get then() {
      throw new Error('then getter');
    },
  } as unknown as Promise<void>;
}
function constructorGetterThrows(): Promise<void> {
  const p = Promise.resolve();
  Object.defineProperty(p, 'constructor', {
    get() {
      throw new Error('constructor getter');
    },
  });
  return p;
}

describe('a handler result that throws while it is adopted is a handler failure', () => {
  for (const [name, result] of [
    ['then getter', thenGetterThrows],
    ['constructor getter', constructorGetterThrows],
  ] as const) {
    it(`registration denies (${name})`, async () => {
      const app = createHookApp({
        hooks: { registration: registrationHook(() => result()) },
        auth: { header: { secrets: fromValues('s') } },
        logger: createJsonLogger({ level: 'silent' }),
      });
      const res = await app.request('/hooks/registration', {
        method: 'POST',
        headers: { Authorization: 's', 'content-type': 'application/json' },
        body: JSON.stringify(sampleRegistrationRequest()),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { commands?: { type: string; value: unknown }[] };
      expect(body.commands?.[0]).toEqual({ type: 'com.okta.action.update', value: { registration: 'DENY' } });
    });

    it(`password import answers UNVERIFIED (${name})`, async () => {
      const app = createHookApp({
        hooks: { 'password-import': passwordImportHook(() => result()) },
        auth: { header: { secrets: fromValues('s') } },
        logger: createJsonLogger({ level: 'silent' }),
      });
      const res = await app.request('/hooks/password-import', {
        method: 'POST',
        headers: { Authorization: 's', 'content-type': 'application/json' },
        body: JSON.stringify(samplePasswordImportRequest()),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ commands: [{ type: 'com.okta.action.update', value: { credential: 'UNVERIFIED' } }] });
    });
  }
});

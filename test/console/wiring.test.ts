import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { consoleOrg, signIn, TOKEN } from './helpers.js';

const ORIGIN = 'http://127.0.0.1';
let org: Emulator;
let session: { cookie: string; csrf: string };

async function api(method: string, path: string, body?: unknown) {
  const response = await org.app.request(`${ORIGIN}${path}`, {
    method,
    headers: { authorization: `SSWS ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as Record<string, string> & Record<string, string>[];
}

const hookBody = (name: string) => ({
  name,
  type: 'com.okta.oauth2.tokens.transform',
  version: '1.0.0',
  channel: { type: 'HTTP', version: '1.0.0', config: { uri: `https://hooks.example.com/${name}`, authScheme: { type: 'HEADER', key: 'Authorization', value: 's3cret-value' } } },
});

beforeAll(async () => {
  org = await consoleOrg();
  session = await signIn(org.app);
});
afterAll(() => org.close());

describe('console: token hook wiring', () => {
  it('shows which rule of which policy of which server calls which hook, and the hooks no rule names', async () => {
    const wired = await api('POST', '/api/v1/inlineHooks', hookBody('wired'));
    const idle = await api('POST', '/api/v1/inlineHooks', hookBody('idle'));
    const [policy] = await api('GET', '/api/v1/authorizationServers/default/policies');
    const [rule] = (await api('GET', `/api/v1/authorizationServers/default/policies/${policy!.id}/rules`)) as unknown as Record<string, unknown>[];
    await api('PUT', `/api/v1/authorizationServers/default/policies/${policy!.id}/rules/${String(rule!.id)}`, { ...rule, actions: { token: { accessTokenLifetimeMinutes: 15, inlineHook: { id: wired.id } } } });

    const response = await org.app.request(`${ORIGIN}/_console/wiring`, { headers: { cookie: session.cookie } });
    expect(response.status).toBe(200);
    const page = await response.text();
    const row = new RegExp(`<tr id="rule-${String(rule!.id)}">([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
    expect(row).toContain('Default Policy Rule');
    expect(row).toContain('15 min');
    expect(row).toContain('calls <strong>wired</strong>');
    expect(page).toContain(`id="policy-${policy!.id}"`);
    expect(page).toMatch(new RegExp(`id="unwired-${idle.id}">\\s*<strong>idle</strong>`));
    expect(page).not.toMatch(new RegExp(`id="unwired-${wired.id}"`));
    expect(page).not.toContain('s3cret-value');
  });

  it('is behind the console session', async () => {
    const response = await org.app.request(`${ORIGIN}/_console/wiring`);
    expect(response.status).not.toBe(200);
  });
});

/** The console's push page plays the phone: it lists what waits for Okta Verify and answers it as the phone would. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { consoleOrg, signIn, TOKEN } from './helpers.js';

const ORIGIN = 'http://127.0.0.1';

interface Answer {
  id?: string;
  status?: string;
  factorResult?: string;
  _links: { poll: { href: string } };
}

describe('console push page', () => {
  let org: Emulator;
  let session: { cookie: string; csrf: string };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await org.app.request(path.startsWith('http') ? path : `${ORIGIN}${path}`, {
      method,
      headers: { authorization: `SSWS ${TOKEN}`, accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  };
  const pushPage = async () => (await org.app.request(`${ORIGIN}/_console/push`, { headers: { cookie: session.cookie } })).text();
  const press = async (action: string, userId: string, factorId: string, transactionId?: string) =>
    org.app.request(`${ORIGIN}/_console/push/${userId}/${factorId}/${action}`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ _csrf: session.csrf, ...(transactionId ? { transactionId } : {}) }),
    });

  beforeAll(async () => {
    org = await consoleOrg();
    session = await signIn(org.app);
  });
  afterAll(() => org?.close());

  it('scans an enrollment QR code, then approves one sign-in and rejects another', async () => {
    const userId = String((await api('GET', '/api/v1/users/alice.nguyen@example.com')).body.id);
    const enrolled = await api('POST', `/api/v1/users/${userId}/factors`, { factorType: 'push', provider: 'OKTA' });
    expect([enrolled.status, enrolled.body.status]).toEqual([200, 'PENDING_ACTIVATION']);
    const factorId = String(enrolled.body.id);
    expect(await pushPage()).toContain('enrollment (scan the QR code)');

    expect((await press('approve', userId, factorId)).status).toBe(303);
    const activated = await api('POST', String(enrolled.body._links.poll.href));
    expect(activated.body.status).toBe('ACTIVE');
    expect(await pushPage()).toContain('Nothing is waiting for the phone.');

    const outcomes: string[] = [];
    for (const action of ['approve', 'reject']) {
      const challenge = await api('POST', `/api/v1/users/${userId}/factors/${factorId}/verify`);
      expect(challenge.body.factorResult).toBe('WAITING');
      const poll = String(challenge.body._links.poll.href);
      const transactionId = poll.split('/').at(-1)!;
      const html = await pushPage();
      expect(html).toContain('sign-in approval');
      expect(html).toContain(`push-${transactionId}`);
      expect((await press(action, userId, factorId, transactionId)).status).toBe(303);
      outcomes.push(String((await api('GET', poll)).body.factorResult));
    }
    expect(outcomes).toEqual(['SUCCESS', 'REJECTED']);
  });

  it('refuses a request without the session’s CSRF token', async () => {
    const res = await org.app.request(`${ORIGIN}/_console/push/00u1/opf1/approve`, { method: 'POST', headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(res.status).toBe(403);
  });
});

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { events as exampleEvents } from '../../../examples/src/events.js';
import { startLocalEvents, type LocalEvents } from '../../../src/cli/dev/local-events.js';
import { silentLogger } from '../../../src/middleware/logger/index.js';
import { fromValues } from '../../../src/secrets/index.js';
import { createOktaClient } from '../../../src/sdk/client.js';
import { delivery, logEvent } from './fixtures.js';

const SECRET = 'Basic ZXhhbXBsZTpldmVudHM=';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeOrg() {
  const calls: { method: string; url: string; auth: string | undefined }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    calls.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization });
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

async function localEvents(okta?: ReturnType<typeof createOktaClient>): Promise<LocalEvents> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehook-example-'));
  const events = await startLocalEvents({ dbPath: join(dir, 'events.db'), auth: { header: { secrets: fromValues(SECRET) } }, ...(okta ? { okta } : {}), logger: silentLogger });
  await events.serve(exampleEvents);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => events.close());
  return events;
}

async function post(events: LocalEvents, body: unknown) {
  return events.receiver.request('/hooks/events', {
    method: 'POST',
    headers: { authorization: SECRET, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('example event app', () => {
  it('clears a deactivated user’s sessions once through the SDK, even when Okta delivers twice', async () => {
    const org = await fakeOrg();
    const events = await localEvents(createOktaClient({ orgUrl: org.url, auth: { type: 'ssws', token: 'test-token' } }));
    const deactivation = logEvent();
    const membership = logEvent({
      eventType: 'group.user_membership.add',
      target: [...(logEvent().target ?? []), { id: '00g1', type: 'UserGroup', alternateId: 'unknown', displayName: 'Eng', detailEntry: null }],
    });
    const body = delivery([membership, deactivation]);
    expect((await post(events, body)).status).toBe(200);
    expect((await post(events, body)).status).toBe(200);
    await events.drain();
    const userId = deactivation.target?.[0]?.id;
    expect(org.calls).toEqual([{ method: 'DELETE', url: `/api/v1/users/${userId}/sessions?oauthTokens=true`, auth: 'SSWS test-token' }]);
  });

  it('only logs when no Okta client is configured, and nothing is dead-lettered', async () => {
    const events = await localEvents();
    expect((await post(events, delivery([logEvent()]))).status).toBe(200);
    await events.drain();
    expect(await events.replayDeadLetters()).toEqual({ replayed: [] });
  });
});

import { describe, expect, it } from 'vitest';
import type { HttpChannel } from '../../../src/emulator/hook-calls/channel.js';
import { deliverEvents, verifyEventHook } from '../../../src/emulator/hook-calls/deliver-event-hook.js';
import type { LogEvent } from '../../../src/emulator/store/types.js';
import { inlineHookExecutedEvent } from '../../../src/emulator/hook-calls/system-log.js';
import { json, serverPool, type Responder } from './http-fixture.js';

const serve = serverPool();

const channel = (uri: string): HttpChannel => ({
  type: 'HTTP',
  version: '1.0.0',
  config: { uri, headers: [{ key: 'X-Extra', value: 'e' }], authScheme: { type: 'HEADER', key: 'Authorization', value: 'Basic c2VjcmV0' } },
});

const echo: Responder = (req, res) => json(res, 200, { verification: req.headers['x-okta-verification-challenge'] });

function sampleEvent(): LogEvent {
  return inlineHookExecutedEvent({ id: 'cal1', name: 'hook' }, { ok: true, status: 200, attempts: 1, durationMs: 5 });
}

describe('verifyEventHook', () => {
  it('sends a GET with a fresh challenge and the auth header, and accepts the echo', async () => {
    const server = await serve(echo);
    const first = await verifyEventHook(channel(server.url));
    const second = await verifyEventHook(channel(server.url));
    expect(first).toMatchObject({ ok: true, status: 200, attempts: 1 });
    expect(second.ok).toBe(true);
    const [a, b] = server.requests;
    expect(a?.method).toBe('GET');
    expect(a?.headers.authorization).toBe('Basic c2VjcmV0');
    expect(a?.headers['x-extra']).toBe('e');
    expect(String(a?.headers['x-okta-verification-challenge']).length).toBeGreaterThanOrEqual(20);
    expect(a?.headers['x-okta-verification-challenge']).not.toBe(b?.headers['x-okta-verification-challenge']);
  });

  it.each([
    ['a wrong echo', (_req, res) => json(res, 200, { verification: 'something else' })],
    ['no JSON', (_req, res) => res.end('ok')],
    ['a 200 with the challenge under another key', (req, res) => json(res, 200, { challenge: req.headers['x-okta-verification-challenge'] })],
  ] as [string, Responder][])('fails on %s without retrying', async (_name, responder) => {
    const server = await serve(responder);
    expect(await verifyEventHook(channel(server.url))).toMatchObject({ ok: false, failure: 'challenge-mismatch', attempts: 1 });
  });

  it('retries once after a 5xx', async () => {
    const server = await serve((req, res, index) => (index === 0 ? json(res, 503, {}) : echo(req, res, index)));
    expect(await verifyEventHook(channel(server.url))).toMatchObject({ ok: true, attempts: 2 });
  });

  it('does not retry a 401', async () => {
    const server = await serve((_req, res) => json(res, 401, {}));
    expect(await verifyEventHook(channel(server.url))).toMatchObject({ ok: false, status: 401, attempts: 1 });
  });

  it('retries a timeout once (short timeout for speed)', async () => {
    const server = await serve(() => undefined);
    const outcome = await verifyEventHook(channel(server.url), { timeoutMs: 150 });
    expect(outcome).toMatchObject({ ok: false, failure: 'timeout', attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });
});

describe('deliverEvents', () => {
  it('POSTs the event hook envelope with the events and the auth header', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const events = [sampleEvent(), sampleEvent()];
    const outcome = await deliverEvents(channel(`${server.url}/hooks/events`), events, 'who123', 'https://org.example/');
    expect(outcome).toMatchObject({ ok: true, status: 204, attempts: 1 });
    const request = server.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.headers.authorization).toBe('Basic c2VjcmV0');
    expect(request?.headers['content-type']).toBe('application/json');
    const envelope = JSON.parse(request?.body ?? '{}');
    expect(envelope).toMatchObject({
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: 'https://org.example/api/v1/eventHooks/who123',
      eventId: outcome.eventId,
      contentType: 'application/json',
    });
    expect(Number.isNaN(Date.parse(envelope.eventTime))).toBe(false);
    expect(envelope.data.events.map((event: LogEvent) => event.uuid)).toEqual(events.map((event) => event.uuid));
  });

  it('retries a 5xx once and reports the final status', async () => {
    const server = await serve((_req, res) => json(res, 500, {}));
    const outcome = await deliverEvents(channel(server.url), [sampleEvent()], 'who1', 'https://org.example');
    expect(outcome).toMatchObject({ ok: false, status: 500, failure: 'http-status', attempts: 2 });
    // Both attempts carry the same envelope, so the receiver can de-duplicate on eventId.
    expect(JSON.parse(server.requests[0]?.body ?? '').eventId).toBe(JSON.parse(server.requests[1]?.body ?? '').eventId);
  });

  it('does not retry a 4xx', async () => {
    const server = await serve((_req, res) => json(res, 400, {}));
    const outcome = await deliverEvents(channel(server.url), [sampleEvent()], 'who1', 'https://org.example');
    expect(outcome).toMatchObject({ ok: false, status: 400, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('succeeds on the retry after a timeout', async () => {
    const server = await serve((_req, res, index) => {
      if (index > 0) json(res, 200, {});
    });
    const outcome = await deliverEvents(channel(server.url), [sampleEvent()], 'who1', 'https://org.example', { timeoutMs: 150 });
    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
  });
});

import type { TimelineItem } from '../timeline.js';
import { Json } from './layout.js';
import { TimelineEntry } from './timeline.js';

export interface LogFilters {
  eventType: string;
  targetId: string;
  since: string;
}

export function LogPanel({ base, filters, items, error }: { base: string; filters: LogFilters; items: TimelineItem[]; error?: string | undefined }) {
  return (
    <section class="panel">
      <h2>System Log</h2>
      <form method="get" action={`${base}/log`} class="filters">
        <label>
          eventType
          <input type="text" name="eventType" value={filters.eventType} placeholder="user.lifecycle.deactivate" />
        </label>
        <label>
          target id
          <input type="text" name="targetId" value={filters.targetId} placeholder="00u…" />
        </label>
        <label>
          since
          <input type="text" name="since" value={filters.since} placeholder="2026-01-01T00:00:00Z" />
        </label>
        <button type="submit">Filter</button>
      </form>
      {error ? <p class="error">{error}</p> : null}
      <p class="muted small">{items.length} event(s), newest first.</p>
      <ol class="log">
        {items.map((item) => (
          <TimelineEntry item={item} />
        ))}
      </ol>
    </section>
  );
}

export interface OutboxView {
  id: string;
  created: string;
  channel: string;
  to: string;
  userId: string;
  code: string;
  message: string;
}

export function OutboxPanel({ messages, error }: { messages: OutboxView[]; error?: string | undefined }) {
  return (
    <section class="panel">
      <h2>Outbox</h2>
      <p class="muted small">One-time codes the org "sent" by SMS, voice call or email. Nothing leaves this machine.</p>
      {error ? <p class="error">{error}</p> : null}
      {messages.length === 0 ? <p class="muted">No codes sent yet.</p> : null}
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Channel</th>
            <th>To</th>
            <th>User</th>
            <th>Code</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => (
            <tr>
              <td class="mono small">{m.created}</td>
              <td>{m.channel}</td>
              <td class="mono">{m.to}</td>
              <td class="mono small">{m.userId}</td>
              <td class="mono code">{m.code}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {messages.length ? <Json value={messages.map((m) => m.message)} summary="message texts" /> : null}
    </section>
  );
}

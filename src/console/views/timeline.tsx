import { HOOK_DEADLINE_MS, type TimelineItem } from '../timeline.js';
import { Badge, Json } from './layout.js';

/** How much of Okta's 3 s budget a call used; amber past two thirds, red at the deadline. */
export function DurationBar({ ms }: { ms: number }) {
  const share = Math.min(1, ms / HOOK_DEADLINE_MS);
  const tone = share >= 1 ? 'over' : share >= 2 / 3 ? 'close' : 'fine';
  return (
    <span class={`duration ${tone}`} title={`${ms} ms of the ${HOOK_DEADLINE_MS} ms limit`}>
      <span class="bar">
        <span class="fill" style={`width:${Math.max(2, Math.round(share * 100))}%`}></span>
      </span>
      {ms} ms
    </span>
  );
}

export function TimelineEntry({ item }: { item: TimelineItem }) {
  const time = item.published.slice(11, 23);
  return (
    <li class={`entry ${item.kind}`} data-event-type={item.eventType} data-id={item.id}>
      <div class="row">
        <time datetime={item.published}>{time}</time>
        <code class="etype">{item.eventType}</code>
        <Badge value={item.outcome} />
        {item.durationMs !== undefined ? <DurationBar ms={item.durationMs} /> : null}
      </div>
      <div class="small">
        {item.title}
        {item.target ? <span class="muted"> — {item.target}</span> : null}
        {item.status !== undefined ? <span class="muted"> · HTTP {item.status}</span> : null}
        {item.attempts !== undefined && item.attempts > 1 ? <span class="warn"> · {item.attempts} attempts (retried)</span> : null}
      </div>
      {item.reason ? <div class={`small reason ${item.outcome}`}>{item.reason}</div> : null}
      <Json value={item.detail} summary="details" />
    </li>
  );
}

export function TimelinePanel({ items }: { items: TimelineItem[] }) {
  return (
    <section class="panel timeline">
      <h2>
        Live timeline <span id="live-state" class="muted small">connecting…</span>
      </h2>
      <label class="small check">
        <input type="checkbox" id="hooks-only" />
        <span>hook calls only</span>
      </label>
      <ol id="timeline">
        {items.map((item) => (
          <TimelineEntry item={item} />
        ))}
      </ol>
    </section>
  );
}

import { EventEmitter } from 'node:events';
import type { DatabaseSync } from 'node:sqlite';
import { DocTable } from './doc-table.js';
import type { LogEvent } from './types.js';

type StoredLogEvent = LogEvent & { id: string };

export type LogListener = (event: LogEvent) => void;

/** The System Log: append-only, with in-process subscribers (event hook delivery hangs off `onAppend`). */
export class LogRepository {
  readonly table: DocTable<StoredLogEvent>;
  readonly #emitter = new EventEmitter();

  constructor(db: DatabaseSync) {
    this.table = new DocTable<StoredLogEvent>(db, 'logs', (event) => ({ published: event.published, event_type: event.eventType }));
  }

  append(event: LogEvent): void {
    this.table.insert({ ...event, id: event.uuid });
    this.#emitter.emit('append', event);
  }

  /** Calls `listener` after each appended event; returns the unsubscribe function. A throwing listener does not affect the API call. */
  onAppend(listener: LogListener): () => void {
    const safe: LogListener = (event) => {
      try {
        listener(event);
      } catch {
        // A subscriber's failure is its own business; the request that logged must still succeed.
      }
    };
    this.#emitter.on('append', safe);
    return () => this.#emitter.off('append', safe);
  }
}

export function withoutStorageId(event: LogEvent & { id?: string }): LogEvent {
  const { id: _id, ...rest } = event;
  return rest;
}

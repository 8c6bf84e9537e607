/** `gatehook replay`: puts dead-lettered events back on the local event queue. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { replayDeadLetters } from '../../handlers/events/runtime/replay.js';
import { DEFAULT_DATA_DIR } from './org.js';
import { parseCommandArgs } from './parse.js';
import { CliUsageError, type Command } from './types.js';

const USAGE = `Usage: gatehook replay [<id>...] [--db <file>]

Re-queues events the local worker gave up on (all of them, or the given dead-letter ids) as one
new batch; the running worker (\`npm run dev\`) picks them up. Idempotency records make a replay of
an event that did succeed meanwhile a no-op.

Options:
  --db <file>   the events database (default $GATEHOOK_DATA_DIR/events.db, i.e. .data/events.db)
  --list        list the dead letters instead of replaying them
  -h, --help    show this help`;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay dead-lettered events from the local event queue',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('replay', args, { db: { type: 'string' }, list: { type: 'boolean' } }, true);
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const db = values.db ?? join(io.env.GATEHOOK_DATA_DIR || DEFAULT_DATA_DIR, 'events.db');
    if (!existsSync(db)) throw new CliUsageError(`gatehook replay: no events database at ${db} (run \`npm run dev\` first, or pass --db)`);
    const { sqliteEventStores } = await import('../../handlers/events/sqlite/index.js');
    const stores = sqliteEventStores(db);
    try {
      if (values.list) {
        const letters = await stores.deadLetters.list({});
        for (const letter of letters) io.out(`${letter.id}  ${String((letter.event as { eventType?: unknown }).eventType)}  attempts=${letter.attempts}  ${letter.error.code}: ${letter.error.message}`);
        io.out(`${letters.length} dead letter(s)`);
        return 0;
      }
      const { replayed } = await replayDeadLetters({ deadLetters: stores.deadLetters, queue: stores.queue, ...(positionals.length ? { ids: positionals } : {}) });
      io.out(replayed.length === 0 ? 'nothing to replay' : `re-queued ${replayed.length} event(s): ${replayed.join(', ')}`);
      return 0;
    } finally {
      stores.close();
    }
  },
};

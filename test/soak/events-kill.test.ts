/**
 * Soak: the event pipeline while its worker is SIGKILLed again and again. A real receiver (node
 * server) acknowledges deliveries, some of them twice (Okta's retry), into a SQLite file; a worker
 * child process on the same file is killed at random points several times, then a last worker drains
 * the queue. Every acknowledged event must have run, and an event may run twice only if a kill caught
 * it in flight (at most one per kill).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventReceiver, sampleDelivery, sampleLogEvent } from '../../src/handlers/events/index.js';
import { sqliteEventStores } from '../../src/handlers/events/sqlite/index.js';
import { serveNode } from '../../src/runtime/node.js';
import { fromValues } from '../../src/secrets/env.js';

const SECRET = 'Basic c29hazpraWxsLWxvb3A=';
const KILLS = Number(process.env.SOAK_KILLS ?? 12);
const DELIVERIES = Number(process.env.SOAK_DELIVERIES ?? 300);
const EVENTS_PER_DELIVERY = 10;
const script = fileURLToPath(new URL('./kill-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gatehook-soak-'));
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startWorker(mode: 'poll' | 'drain'): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, join(dir, 'events.db'), join(dir, 'effects.db'), mode], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => String(chunk).includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before ready: ${stderr}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(process.env.GATEHOOK_SOAK === '1')('soak: worker killed at random points', () => {
  it(`${KILLS} SIGKILLs while ${DELIVERIES} deliveries arrive: every acknowledged event runs, duplicates only for in-flight events`, async () => {
    const stores = sqliteEventStores(join(dir, 'events.db'));
    const effects = new DatabaseSync(join(dir, 'effects.db'));
    effects.exec('PRAGMA journal_mode = WAL; CREATE TABLE effects (seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL)');
    const server = await serveNode(createEventReceiver({ queue: stores.queue, auth: { header: { secrets: fromValues(SECRET) } } }), { port: 0 });

    const acknowledged = new Set<string>();
    let redelivered = 0;
    const produce = async () => {
      for (let i = 0; i < DELIVERIES; i++) {
        const delivery = sampleDelivery(Array.from({ length: EVENTS_PER_DELIVERY }, () => sampleLogEvent()));
        const times = Math.random() < 0.2 ? 2 : 1; // Okta's retry after a lost answer
        for (let t = 0; t < times; t++) {
          const res = await fetch(`${server.url}/hooks/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: SECRET },
            body: JSON.stringify(delivery),
          });
          await res.arrayBuffer();
          if (res.status === 200) for (const e of delivery.data.events) acknowledged.add((e as { uuid: string }).uuid);
          if (t > 0) redelivered++;
        }
        if (i % 10 === 0) await pause(5);
      }
    };

    const killLoop = async () => {
      for (let k = 0; k < KILLS; k++) {
        const worker = startWorker('poll');
        await worker.ready;
        await pause(150 + Math.random() * 900);
        worker.child.kill('SIGKILL');
        expect(await worker.exited).toBe(null); // died by the signal, not on its own
      }
    };

    const started = performance.now();
    await Promise.all([produce(), killLoop()]);
    const drain = startWorker('drain');
    expect(await drain.exited).toBe(0);
    await server.close();

    const { total } = effects.prepare('SELECT COUNT(*) AS total FROM effects').get() as { total: number };
    const ran = new Set((effects.prepare('SELECT DISTINCT uuid FROM effects').all() as { uuid: string }[]).map((r) => r.uuid));
    const missing = [...acknowledged].filter((uuid) => !ran.has(uuid));
    const distinctCount = ran.size;
    console.info(
      `soak: ${DELIVERIES} deliveries (${redelivered} redelivered), ${acknowledged.size} acknowledged events, ${KILLS} kills, ` +
        `${total} handler runs, ${total - distinctCount} re-runs, ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(missing).toEqual([]);
    expect(distinctCount).toBe(acknowledged.size);
    expect(total - distinctCount).toBeLessThanOrEqual(KILLS);
    expect(stores.queue.depth()).toBe(0);
    expect(await stores.deadLetters.list()).toEqual([]);
    effects.close();
    stores.close();
  }, 240_000);
});

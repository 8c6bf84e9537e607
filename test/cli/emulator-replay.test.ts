import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_API_TOKEN, DEV_CLIENT_ID, DEV_CLIENT_SECRET, orgOptionsFrom } from '../../src/cli/commands/org.js';
import type { CliIo } from '../../src/cli/commands/types.js';
import { main } from '../../src/cli/main.js';
import { sqliteEventStores } from '../../src/handlers/events/sqlite/index.js';
import { spawnCli } from './spawn-cli.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

function captureIo(env: Record<string, string | undefined> = {}): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { out: (line) => lines.push(line), err: (line) => lines.push(`ERR ${line}`), env, lines };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehook-cli-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('gatehook emulator', () => {
  it('fills unset credentials with printed dev defaults, and takes set ones from the environment', () => {
    const defaults = orgOptionsFrom({}, {});
    expect(defaults).toMatchObject({ port: 8788, dataFile: join('.data', 'org.sqlite'), apiToken: DEV_API_TOKEN, clientSecret: DEV_CLIENT_SECRET });
    expect(defaults.devDefaults).toEqual(['OKTA_API_TOKEN', 'ORG_CLIENT_SECRET']);
    const set = orgOptionsFrom({ ORG_PORT: '9999', OKTA_API_TOKEN: 'mine', ORG_CLIENT_SECRET: 'shh', GATEHOOK_DATA_DIR: '/var/lib/org' }, {});
    expect(set).toMatchObject({ port: 9999, dataFile: '/var/lib/org/org.sqlite', apiToken: 'mine', clientSecret: 'shh', devDefaults: [] });
  });

  it('rejects --data with --memory, and a bad port', async () => {
    const both = captureIo();
    expect(await main(['emulator', '--memory', '--data', 'x.sqlite'], both)).toBe(2);
    expect(both.lines[0]).toBe('ERR gatehook emulator: use either --data or --memory');
    const port = captureIo({ ORG_PORT: 'eighty' });
    expect(await main(['emulator'], port)).toBe(2);
    expect(port.lines[0]).toMatch(/--port must be an integer/);
  });

  it('serves the org until SIGTERM and prints how to use it (child process)', async () => {
    const dir = await tempDir();
    const env: NodeJS.ProcessEnv = { ...process.env, ORG_PORT: '0', GATEHOOK_DATA_DIR: dir, LOG_LEVEL: 'warn' };
    for (const name of ['OKTA_API_TOKEN', 'ORG_CLIENT_SECRET']) delete env[name];
    const emulator = await spawnCli(['emulator'], env, /org emulator: http:\/\/127\.0\.0\.1:\d+[\s\S]*OAuth client/);
    const stdout = emulator.stdout();
    const url = /org emulator: (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
    try {
      expect(stdout).toContain(`(data: ${join(dir, 'org.sqlite')})`);
      expect(stdout).toContain(DEV_API_TOKEN);
      expect(stdout).toContain(`${DEV_CLIENT_ID} / ${DEV_CLIENT_SECRET}`);
      const users = await fetch(`${url}/api/v1/users?limit=1`, { headers: { authorization: `SSWS ${DEV_API_TOKEN}` } });
      expect(users.status).toBe(200);
      // As in Okta, a custom scope exists on the authorization server before a client can ask for it.
      const scope = await fetch(`${url}/api/v1/authorizationServers/default/scopes`, {
        method: 'POST',
        headers: { authorization: `SSWS ${DEV_API_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'reports' }),
      });
      expect(scope.status).toBe(200);
      const token = await fetch(`${url}/oauth2/default/v1/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${DEV_CLIENT_ID}:${DEV_CLIENT_SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&scope=reports',
      });
      expect(token.status).toBe(200);
    } finally {
      await emulator.stop();
    }
  }, 30_000);
});

describe('gatehook replay', () => {
  it('re-queues dead letters (all or by id) and lists them', async () => {
    const db = join(await tempDir(), 'events.db');
    const stores = sqliteEventStores(db);
    const letter = (id: string) => ({ id, deliveryId: 'd1', event: { uuid: id, eventType: 'user.lifecycle.deactivate' }, error: { code: 'ERR_X', message: 'boom' }, attempts: 5, failedAt: new Date().toISOString() });
    await stores.deadLetters.park(letter('e-1'));
    await stores.deadLetters.park(letter('e-2'));
    stores.close();

    const listed = captureIo();
    expect(await main(['replay', '--db', db, '--list'], listed)).toBe(0);
    expect(listed.lines).toEqual([expect.stringMatching(/^e-1\s+user\.lifecycle\.deactivate\s+attempts=5\s+ERR_X: boom$/), expect.stringMatching(/^e-2 /), '2 dead letter(s)']);

    const one = captureIo();
    expect(await main(['replay', 'e-2', '--db', db], one)).toBe(0);
    expect(one.lines).toEqual(['re-queued 1 event(s): e-2']);

    const after = sqliteEventStores(db);
    try {
      expect((await after.deadLetters.list()).map((left) => left.id)).toEqual(['e-1']);
      const [batch] = await after.queue.receive({ max: 10, leaseMs: 1000 });
      expect(batch?.events).toEqual([{ uuid: 'e-2', eventType: 'user.lifecycle.deactivate' }]);
    } finally {
      after.close();
    }
    const none = captureIo();
    expect(await main(['replay', 'nope', '--db', db], none)).toBe(0);
    expect(none.lines).toEqual(['nothing to replay']);
  });

  it('says where it looked when there is no database', async () => {
    const io = captureIo();
    expect(await main(['replay', '--db', '/nonexistent/events.db'], io)).toBe(2);
    expect(io.lines[0]).toContain('no events database at /nonexistent/events.db');
  });
});

import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_HOOK_SECRET } from '../../../src/runtime/config.js';
import { sampleTokenRequest } from '../../../src/handlers/token/index.js';
import { spawnCli, type CliProcess } from '../spawn-cli.js';

let dev: CliProcess;
let url: string;
let stdout = '';
let dataDir = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehook-cli-dev-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', ORG_PORT: '0', GATEHOOK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.OKTA_ORG_URL;
  delete env.HOOK_SECRET;
  delete env.HOOK_SECRET_PREVIOUS;
  dev = await spawnCli(['dev'], env, /Try it:\n.*\n/);
  stdout = dev.stdout();
  url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
}, 30_000);

afterAll(async () => {
  await dev.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (path: string, authorization: string, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { Authorization: authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('gatehook dev (child process)', () => {
  it('prints the URLs, the dev secret and a ready curl command', () => {
    expect(stdout).toContain(`POST ${url}/hooks/token`);
    expect(stdout).toContain(`POST ${url}/hooks/telephony`);
    expect(stdout).toContain(`HOOK_SECRET (dev default, never used outside \`gatehook dev\`): ${DEV_HOOK_SECRET}`);
    expect(stdout).toMatch(new RegExp(`curl -i -X POST ${url}/hooks/token -H 'Authorization: ${DEV_HOOK_SECRET}'`));
  });

  it('answers the right secret with the example hook response', async () => {
    const res = await post('/hooks/token', DEV_HOOK_SECRET, sampleTokenRequest());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { commands: Array<{ type: string }> };
    expect(body.commands.map((c) => c.type)).toContain('com.okta.access.patch');
  });

  it('rejects a wrong secret with 401', async () => {
    const res = await post('/hooks/token', 'Basic d3Jvbmc=', sampleTokenRequest());
    expect(res.status).toBe(401);
  });

  it('shuts down on SIGTERM', async () => {
    const exited = once(dev.child, 'exit');
    process.kill(-dev.child.pid!, 'SIGTERM');
    await exited;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    // The outcomes of this session's calls (the two tests above), as the Lambda functions report them to CloudWatch.
    expect(dev.stderr()).toMatch(/gatehook dev: hook calls this session: token: 1 applied, 1 refused-auth/);
  });
});

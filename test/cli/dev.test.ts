import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_HOOK_SECRET } from '../../src/runtime/config.js';
import { sampleTokenRequest } from '../../src/handlers/token/index.js';

let child: ChildProcess;
let url: string;
let stdout = '';

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'warn' };
  delete env.HOOK_SECRET;
  delete env.HOOK_SECRET_PREVIOUS;
  // Its own process group, so the whole npx -> tsx -> node chain is stopped by the group id.
  child = spawn('npx', ['tsx', 'src/cli/main.ts', 'dev'], { cwd: process.cwd(), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.setEncoding('utf8');
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev server did not start; stdout so far:\n${stdout}`)), 25_000);
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`dev exited early with ${code}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
}, 30_000);

afterAll(async () => {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    const exited = once(child, 'exit');
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
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
    const exited = once(child, 'exit');
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

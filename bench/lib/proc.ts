import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export type Env = Record<string, string | undefined>;

/** Environment for child processes: the parent's PATH and nothing else unless asked (no stray AWS/Okta vars). */
export function childEnv(extra: Env = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, NODE_ENV: 'production', ...extra };
}

export interface OnceResult {
  /** Parent clock: from spawn() to the child's first stdout line. */
  elapsedMs: number;
  /** The child's first stdout line. */
  line: string;
}

/**
 * Spawns a fresh Node process and resolves with its first stdout line (the first containing `marker`,
 * when given: a bundle may log before it answers) and how long that took on the parent's clock. The
 * child is killed if it is not done within `timeoutMs`.
 */
export function firstLine(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 20_000, marker = ''): Promise<OnceResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(new Error(`child timed out after ${timeoutMs} ms: ${err.slice(0, 500)}`)));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (!line.includes(marker)) continue;
        const elapsedMs = performance.now() - started;
        finish(() => resolve({ elapsedMs, line }));
        return;
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('exit', (code) => {
      finish(() => reject(new Error(`child exited with ${code} before answering: ${err.slice(0, 800)}`)));
    });
    child.on('error', (error) => finish(() => reject(error)));
  });
}

export interface ServerChild {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a bundled server in its own process; the bundle sends `{ port }` over IPC once listening.
 * Its stdout (request logs) goes to /dev/null, so logging costs what it costs, without flooding us.
 */
export function startServer(file: string, env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<ServerChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server ${file} did not start within ${timeoutMs} ms: ${err.slice(0, 500)}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server ${file} exited with ${code}: ${err.slice(0, 800)}`));
    };
    child.once('exit', onExit);
    child.once('message', (message: { port?: number }) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      const stop = () =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 3000).unref();
        });
      resolve({ url: `http://127.0.0.1:${message.port}`, child, stop });
    });
  });
}

/**
 * utime + stime of a process in µs, from /proc (Linux), or undefined where that is not there. On a
 * shared machine req/s moves with the neighbours; the server's own CPU per request much less.
 */
export function cpuMicros(pid: number | undefined): number | undefined {
  try {
    // Fields after the parenthesised command name: state is [0], utime [11], stime [12], in clock ticks (USER_HZ, 100 on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

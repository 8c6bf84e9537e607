/** Runs `gatehook <args>` as a developer would (npx tsx, its own process group) and stops it cleanly. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface CliProcess {
  child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** SIGTERM to the whole npx -> tsx -> node group; resolves when it has exited. */
  stop(): Promise<void>;
}

/** Resolves once stdout matches `ready`; rejects if the process exits first or after `timeoutMs`. */
export async function spawnCli(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 25_000): Promise<CliProcess> {
  const child = spawn('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: process.cwd(), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  const running: CliProcess = {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      const exited = once(child, 'exit');
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gatehook ${args[0]} did not start; stdout:\n${stdout}\nstderr:\n${stderr}`)), timeoutMs);
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      if (ready.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gatehook ${args[0]} exited early with ${code}\n${stderr}`));
    });
  });
  return running;
}

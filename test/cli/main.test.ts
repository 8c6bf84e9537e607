import { describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { main } from '../../src/cli/main.js';

function io(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env }, out, err };
}

describe('gatehook CLI', () => {
  it('prints the overview on --help with exit 0, and on no command with exit 2', async () => {
    const help = io();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.out.join('\n')).toMatch(/Usage: gatehook <command>[\s\S]*dev\s+serve your hooks/);
    const none = io();
    expect(await main([], none.io)).toBe(2);
    expect(none.err.join('\n')).toContain('Usage: gatehook <command>');
  });

  it('rejects an unknown command with a specific message and exit 2', async () => {
    const t = io();
    expect(await main(['deploy'], t.io)).toBe(2);
    expect(t.err[0]).toBe('gatehook: unknown command "deploy"');
  });

  it('prints dev --help', async () => {
    const t = io();
    expect(await main(['dev', '--help'], t.io)).toBe(0);
    expect(t.out.join('\n')).toMatch(/Usage: gatehook dev[\s\S]*--port/);
  });

  it('rejects unknown options and bad values of dev with exit 2', async () => {
    const unknown = io();
    expect(await main(['dev', '--prot', '1'], unknown.io)).toBe(2);
    expect(unknown.err[0]).toMatch(/gatehook dev: .*--prot/);
    expect(unknown.err[1]).toBe('Run `gatehook dev --help` for usage.');
    const badPort = io();
    expect(await main(['dev', '--port', '99999'], badPort.io)).toBe(2);
    expect(badPort.err[0]).toBe('gatehook dev: --port must be an integer from 0 to 65535, got "99999"');
    const badOrgPort = io();
    expect(await main(['dev', '--org-port', 'x'], badOrgPort.io)).toBe(2);
    expect(badOrgPort.err[0]).toBe('gatehook dev: --org-port must be an integer from 0 to 65535, got "x"');
  });

  it('reports configuration errors with their code and exit 1', async () => {
    const t = io({ PORT: 'eighty' });
    expect(await main(['dev'], t.io)).toBe(1);
    expect(t.err[0]).toMatch(/configuration error \(ERR_CONFIG_INVALID\): PORT must be an integer/);
  });

  it('names an app module that exports nothing dev can serve, and lists what it accepts', async () => {
    const t = io();
    expect(await main(['dev', '--port', '0', '--app', 'src/runtime/errors.ts'], t.io)).toBe(2);
    expect(t.err[0]).toMatch(/src\/runtime\/errors.ts exports none of what --app serves:\n {2}- `hooks`: a record of hook definitions.*\n {2}- `default` or `hook`: one hook definition.*\n {2}- `default` or `app`: an app made with createHookApp/);
  });

  it('serves a module whose default export is one definition, or an app from createHookApp', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join, resolve } = await import('node:path');
    const { loadApp } = await import('../../src/cli/commands/dev.js');
    const dir = await mkdtemp(join(tmpdir(), 'gatehook-app-'));
    const src = resolve('src');
    await writeFile(join(dir, 'one.ts'), `import { tokenHook } from '${src}/handlers/token/index.js';\nexport default tokenHook(() => undefined);\n`);
    await writeFile(
      join(dir, 'app.ts'),
      `import { tokenHook } from '${src}/handlers/token/index.js';\nimport { createHookApp } from '${src}/runtime/app.js';\nimport { fromValues } from '${src}/secrets/env.js';\n` +
        `export const app = createHookApp({ hooks: { token: tokenHook(() => undefined) }, auth: { header: { secrets: fromValues('s') } } });\n`,
    );
    const one = await loadApp(join(dir, 'one.ts'));
    expect(one.served.kind === 'hooks' && Object.keys(one.served.hooks)).toEqual(['token']);
    const app = await loadApp(join(dir, 'app.ts'));
    expect(app.served.kind).toBe('app');
  });

  it('answers a port in use with one line naming the port and how to change it', async () => {
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
    const port = (busy.address() as AddressInfo).port;
    try {
      const t = io();
      expect(await main(['emulator', '--memory', '--port', String(port)], t.io)).toBe(1);
      expect(t.err).toEqual([`gatehook emulator: port ${port} is already in use; choose another with --port <n> or $ORG_PORT (0 picks a free one)`]);
    } finally {
      await new Promise((done) => busy.close(done));
    }
  });
});

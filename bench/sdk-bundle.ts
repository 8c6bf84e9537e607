/**
 * Bundle size and cold load time of the SDK: a Lambda-style entry importing only users, factors and
 * sessions next to one importing every area. Run: `npx tsx bench/sdk-bundle.ts [runs]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 15);
const sdk = (file: string): string => JSON.stringify(join(root, 'src', 'sdk', file));

const entries = {
  'users+factors+sessions': `
    export { createOktaClient } from ${sdk('client.ts')};
    export { usersApi } from ${sdk('users.ts')};
    export { factorsApi } from ${sdk('factors.ts')};
    export { sessionsApi } from ${sdk('sessions.ts')};`,
  'full client (all 25 areas)': `
    export { createOktaClient } from ${sdk('client.ts')};
    export { oktaApi } from ${sdk('all.ts')};`,
};

const dir = mkdtempSync(join(tmpdir(), 'gatehook-sdk-bench-'));
try {
  console.log(`| bundle | minified bytes | gzipped bytes | load median ms (${runs} fresh processes) |`);
  console.log('|---|---:|---:|---:|');
  for (const [name, contents] of Object.entries(entries)) {
    const result = await build({
      stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
      bundle: true, minify: true, platform: 'node', format: 'esm', target: 'node24', write: false, logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    const file = join(dir, `${name.replace(/\W+/g, '-')}.mjs`);
    writeFileSync(file, code);
    const times = Array.from({ length: runs }, () => loadMs(file)).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`| ${name} | ${code.byteLength} | ${gzipSync(code).byteLength} | ${median.toFixed(2)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Time to import the bundle and create a client, measured inside a fresh node process. */
function loadMs(file: string): number {
  const script = `const t = performance.now();
    const m = await import(${JSON.stringify(pathToFileURL(file).href)});
    m.createOktaClient({ orgUrl: 'https://example.okta.com', auth: { type: 'ssws', token: 'x' } });
    process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

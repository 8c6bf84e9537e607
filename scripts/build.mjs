// `npm run build`: the package's compiled JavaScript, declarations and source maps in dist/, plus the
// console's stylesheet (read at run time). Runs on plain Node: nothing here needs a TypeScript loader.
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

const assets = ['src/console/client/style.css'];
for (const asset of assets) {
  mkdirSync(dirname(join(root, 'dist', asset)), { recursive: true });
  copyFileSync(join(root, asset), join(root, 'dist', asset));
}
const bin = join(root, 'dist/src/cli/main.js');
if (!readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')) throw new Error('dist/src/cli/main.js lost its shebang');
chmodSync(bin, 0o755);

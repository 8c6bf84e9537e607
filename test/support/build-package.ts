/**
 * Vitest global setup: builds the package once before any test runs, so tests that import it by name
 * (`gatehook/...`, resolved through package.json `exports` to dist/) and the installed-package test run
 * against what users install, on a fresh clone too.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export default function setup(): void {
  const root = resolve(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}

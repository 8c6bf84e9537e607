#!/usr/bin/env node
// `npm create gatehook <dir> [-- --gatehook <spec>]` runs this: it is `gatehook init` from the gatehook
// version this package depends on, so the two can never write different projects.
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const manifestPath = require.resolve('gatehook/package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const bin = join(dirname(manifestPath), typeof manifest.bin === 'string' ? manifest.bin : manifest.bin.gatehook);
const args = process.argv.slice(2);
const result = spawnSync(process.execPath, [bin, 'init', ...(args.length > 0 ? args : ['--help'])], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;

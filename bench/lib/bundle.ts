import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

/**
 * Bundles land inside node_modules/ (git-ignored) rather than a temp dir so the packages left
 * external (`@aws-sdk/*`, which the Lambda Node runtime ships) still resolve from the repo.
 */
export const outDir = join(repoRoot, 'node_modules', '.cache', 'gatehook-bench');

export interface Bundle {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Bytes each input contributes to the output, largest first (esbuild's metafile). */
  inputs: { path: string; bytes: number }[];
}

export interface BundleOptions {
  /** A TypeScript entry file, relative to the repo root. */
  entry: string;
  /** Output name (without extension). */
  name: string;
  /** Default true: the production shape. Servers for throughput runs skip it (no effect on speed). */
  minify?: boolean;
}

// CommonJS packages (express, the Okta SDK) call require() for Node built-ins; an ESM bundle needs one.
const requireShim = "import { createRequire as __gatehookRequire } from 'node:module'; const require = __gatehookRequire(import.meta.url);";

/** Production-shaped bundle: ESM, platform node, minified, `@aws-sdk/*` left to the runtime. */
export async function bundle(options: BundleOptions): Promise<Bundle> {
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(repoRoot, options.entry)],
    bundle: true,
    minify: options.minify ?? true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: ['@aws-sdk/*'],
    banner: { js: requireShim },
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const code = result.outputFiles[0]!.contents;
  const file = join(outDir, `${options.name}.mjs`);
  writeFileSync(file, code);
  // The shim is bench plumbing, not part of what a user ships: leave it out of the size.
  const shipped = code.subarray(Buffer.byteLength(requireShim) + 1);
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .map(([path, info]) => ({ path, bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { file, bytes: shipped.byteLength, gzipBytes: gzipSync(shipped).byteLength, inputs };
}

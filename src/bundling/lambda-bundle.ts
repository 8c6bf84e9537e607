/**
 * How a hook's Lambda is bundled, in one place: the CDK construct passes these settings to NodejsFunction,
 * and `gatehook bundle` runs esbuild with the same ones, so a bundle built and tried locally is the code
 * that gets deployed.
 */
import { mkdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';

/** The Lambda runtime the construct deploys (nodejs24.x), as esbuild's target. */
export const LAMBDA_NODE_TARGET = 'node24';

/**
 * ESM bundles cannot call `require`, but some CommonJS dependencies do (for Node built-ins).
 * esbuild keeps those calls as-is, so the bundle defines `require` itself before any module runs.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __gatehookCreateRequire } from 'node:module'; const require = __gatehookCreateRequire(import.meta.url);";

/** The Node.js 24 runtime ships AWS SDK v3; bundling it again only adds cold-start weight. */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

/** The esbuild options NodejsFunction ends up with for a gatehook hook (its defaults plus ours). */
export function lambdaBuildOptions(entry: string, outfile: string) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node' as const,
    target: LAMBDA_NODE_TARGET,
    format: 'esm' as const,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    // Keep sources out of the map: smaller zip, and stack traces only need names and lines.
    sourcesContent: false,
    external: EXTERNAL_MODULES,
    logLevel: 'silent' as const,
  };
}

export interface LambdaBundle {
  /** The handler file (`index.mjs`, as Lambda loads it: handler `index.handler`). */
  outfile: string;
  bytes: number;
  warnings: string[];
}

/** Bundles `entry` into `<outdir>/<entry name>/index.mjs` (+ source map). */
export async function bundleLambda(entry: string, outdir: string): Promise<LambdaBundle> {
  const { build } = await import('esbuild');
  const dir = join(resolve(outdir), basename(entry, extname(entry)));
  await mkdir(dir, { recursive: true });
  const outfile = join(dir, 'index.mjs');
  const result = await build(lambdaBuildOptions(resolve(entry), outfile));
  return { outfile, bytes: (await stat(outfile)).size, warnings: result.warnings.map((warning) => warning.text) };
}

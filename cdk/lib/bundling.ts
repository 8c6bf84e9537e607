import { OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * ESM bundles cannot call `require`, but some CommonJS dependencies do (for Node built-ins).
 * esbuild keeps those calls as-is, so the bundle defines `require` itself before any module runs.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __gatehookCreateRequire } from 'node:module'; const require = __gatehookCreateRequire(import.meta.url);";

/** The Node.js 24 runtime ships AWS SDK v3; bundling it again only adds cold-start weight. */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

/**
 * One esbuild configuration for every hook function. Local bundling is automatic because esbuild is a
 * project dependency, and `forceDockerBundling: false` keeps it that way: synth must never need Docker.
 */
export function hookBundling(overrides: BundlingOptions = {}): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    banner: ESM_REQUIRE_BANNER,
    mainFields: ['module', 'main'],
    minify: true,
    sourceMap: true,
    sourceMapMode: SourceMapMode.DEFAULT,
    // Keep sources out of the map: smaller zip, and stack traces only need names and lines.
    sourcesContent: false,
    externalModules: EXTERNAL_MODULES,
    forceDockerBundling: false,
    ...overrides,
  };
}

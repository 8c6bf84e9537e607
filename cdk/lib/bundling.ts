import { OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ESM_REQUIRE_BANNER, EXTERNAL_MODULES } from '../../src/bundling/lambda-bundle.js';

// The settings `gatehook bundle` uses too: one source for what is deployed and what is tried locally.
export { ESM_REQUIRE_BANNER, EXTERNAL_MODULES } from '../../src/bundling/lambda-bundle.js';

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

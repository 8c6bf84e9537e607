import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { bundleLambda, LAMBDA_NODE_TARGET } from '../../bundling/lambda-bundle.js';
import { parseCommandArgs } from './parse.js';
import { CliUsageError, type Command } from './types.js';

export const bundleCommand: Command = {
  name: 'bundle',
  summary: 'bundle a Lambda entry exactly as the CDK construct deploys it',
  usage: `Usage: gatehook bundle <entry> [<entry> ...] [--outdir <dir>]

Bundles each Lambda entry (e.g. src/lambda/token.ts) with the esbuild settings the GatehookHooks
construct gives NodejsFunction: ESM for ${LAMBDA_NODE_TARGET}, minified, with a source map, the AWS SDK v3
left to the runtime. Writes <outdir>/<entry name>/index.mjs (handler: index.handler) and prints its size.

Options:
      --outdir <dir>  where the bundles go (default .gatehook/bundles)
  -h, --help          show this help`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('bundle', args, { outdir: { type: 'string' } }, true);
    if (values.help) {
      io.out(this.usage);
      return 0;
    }
    if (positionals.length === 0) throw new CliUsageError('gatehook bundle: name at least one Lambda entry, e.g. `gatehook bundle src/lambda/token.ts`');
    const missing = positionals.filter((entry) => !existsSync(entry));
    if (missing.length > 0) throw new CliUsageError(`gatehook bundle: no such file: ${missing.join(', ')}`);
    const outdir = values.outdir ?? '.gatehook/bundles';
    for (const entry of positionals) {
      let bundle;
      try {
        bundle = await bundleLambda(entry, outdir);
      } catch (error) {
        // esbuild's own message names the file, line and missing import.
        io.err(`gatehook bundle: ${entry} does not bundle:\n${(error as Error).message}`);
        return 1;
      }
      for (const warning of bundle.warnings) io.err(`gatehook bundle: ${entry}: warning: ${warning}`);
      io.out(`${relative(process.cwd(), bundle.outfile)}  ${(bundle.bytes / 1024).toFixed(1)} KiB`);
    }
    return 0;
  },
};

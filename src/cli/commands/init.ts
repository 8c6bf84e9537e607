import { relative } from 'node:path';
import { writeProject } from '../init/write-project.js';
import { parseCommandArgs } from './parse.js';
import { CliUsageError, type Command } from './types.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'start a project of your own: hooks, tests, Lambda entries and a CDK app',
  usage: `Usage: gatehook init <dir> [--gatehook <npm spec>]

Writes a ready project into <dir> (which must be new or empty): one hook of each inline type in
src/hooks/, the event hook in src/events.ts, the module \`gatehook dev\` serves (src/app.ts), a test per
hook using gatehook/testing, Lambda entries in src/lambda/, a CDK app in cdk/app.ts, and package.json
scripts dev, test, typecheck, synth and deploy. \`npm create gatehook <dir>\` does the same.

Options:
      --gatehook <spec>  how package.json names gatehook (default ^<this version>): any npm spec,
                         or a path to a folder or tarball (written as an absolute file: spec)
  -h, --help             show this help`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('init', args, { gatehook: { type: 'string' } }, true);
    if (values.help) {
      io.out(this.usage);
      return 0;
    }
    const [dir, ...extra] = positionals;
    if (!dir) throw new CliUsageError('gatehook init: name the folder to create, e.g. `gatehook init acme-hooks`');
    if (extra.length > 0) throw new CliUsageError(`gatehook init: one folder at a time (got ${positionals.join(', ')})`);
    const project = await writeProject({ dir, ...(values.gatehook !== undefined ? { gatehook: values.gatehook } : {}) });
    const shown = relative(process.cwd(), project.dir) || '.';
    io.out(`gatehook init: wrote ${project.files.length} files to ${shown}`);
    io.out('');
    io.out('Next:');
    io.out(`  cd ${shown}`);
    io.out('  npm install');
    io.out('  npm test');
    io.out('  npm run dev');
    return 0;
  },
};

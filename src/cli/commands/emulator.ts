/** `gatehook emulator`: the local Okta org on its own, until Ctrl-C. */
import { describeOrg, orgOptionsFrom, startOrg } from './org.js';
import { parseCommandArgs } from './parse.js';
import { CliUsageError, type Command } from './types.js';
import { waitForSignal } from './wait.js';

const USAGE = `Usage: gatehook emulator [--port <n>] [--host <addr>] [--data <file> | --memory]

Serves a local Okta org (Management API, /api/v1/authn, the custom authorization server
/oauth2/default, inline and event hook calls) backed by SQLite. A demo org is seeded on first start.

Options:
  -p, --port <n>     port (default $ORG_PORT or 8788; 0 picks a free one)
      --host <addr>  address to bind (default $HOST or 127.0.0.1)
      --data <file>  SQLite file (default $GATEHOOK_DATA_DIR/org.sqlite, i.e. .data/org.sqlite)
      --memory       keep the org in memory only
      --allow-host <names>  Host names answered besides 127.0.0.1, localhost and [::1] (comma-separated;
                     also $GATEHOOK_ALLOWED_HOSTS); other Host headers get 403 (DNS rebinding)
  -h, --help         show this help

Environment: ORG_PORT, OKTA_API_TOKEN (the SSWS token accepted), ORG_CLIENT_SECRET (secret of the
dev OAuth client), GATEHOOK_DATA_DIR, GATEHOOK_ALLOWED_HOSTS, LOG_LEVEL. Unset credentials get printed dev defaults.`;

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'run the local Okta org emulator (127.0.0.1:$ORG_PORT, default 8788)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs('emulator', args, {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      data: { type: 'string' },
      memory: { type: 'boolean' },
      'allow-host': { type: 'string' },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (values.memory && values.data !== undefined) throw new CliUsageError('gatehook emulator: use either --data or --memory');
    const options = orgOptionsFrom(io.env, {
      ...(values.port !== undefined ? { port: values.port } : {}),
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(values['allow-host'] !== undefined ? { allowHost: values['allow-host'] } : {}),
      ...(values.memory ? { dataFile: ':memory:' } : values.data !== undefined ? { dataFile: values.data } : {}),
    });
    const org = await startOrg(options, io);
    for (const line of describeOrg(org, options)) io.out(line);
    const signal = await waitForSignal();
    io.err(`gatehook emulator: ${signal}, shutting down`);
    await org.close();
    return 0;
  },
};

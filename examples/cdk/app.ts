/**
 * The CDK app `npm run synth` and `npm run deploy` run: every hook in src/lambda/ as its own Lambda behind a
 * Function URL, and the event hook pipeline (receiver -> SQS -> worker). Synth needs no AWS credentials.
 *
 * Optional environment: GATEHOOK_STACK_NAME; GATEHOOK_OKTA_ORG_URL (the org the hooks call back into) or
 * GATEHOOK_OKTA_SECRET_ARN (an existing secret with the org's credentials); GATEHOOK_REGISTER=1 registers
 * the hooks in the org on every deploy; GATEHOOK_ROTATE_DAYS=<n> rotates each hook secret every n days.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { GatehookHooks } from 'gatehook/cdk';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = (name: string) => join(root, 'src', 'lambda', `${name}.ts`);
const env = process.env;

/** The project's name from package.json, as a stack name (`acme-hooks` -> `AcmeHooks`). */
function defaultStackName(): string {
  const manifest = join(root, 'package.json');
  const name = existsSync(manifest) ? String((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name ?? '') : '';
  const words = name.replace(/^@[^/]+\//, '').split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.length > 0 ? words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('') : 'GatehookHooks';
}

/** The lock file esbuild's bundling keys its cache on: this project's, or the nearest one above it. */
function lockFile(): string | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package-lock.json'))) return join(dir, 'package-lock.json');
    if (dirname(dir) === dir) return undefined;
  }
}

const rotateDays = env.GATEHOOK_ROTATE_DAYS ? Number(env.GATEHOOK_ROTATE_DAYS) : undefined;
const lock = lockFile();
const app = new App();
const stack = new Stack(app, env.GATEHOOK_STACK_NAME ?? defaultStackName(), { description: 'Okta inline hooks and event hooks (gatehook)' });

new GatehookHooks(stack, 'Hooks', {
  projectRoot: lock ? dirname(lock) : root,
  ...(lock ? { depsLockFilePath: lock } : {}),
  hooks: (['token', 'registration', 'password-import', 'user-import', 'saml', 'telephony'] as const).map((name) => ({ name, entry: entry(name), type: 'inline' as const })),
  events: { receiverEntry: entry('events-receiver'), workerEntry: entry('events-worker') },
  ...(env.GATEHOOK_OKTA_SECRET_ARN ? { oktaCredentialsSecretArn: env.GATEHOOK_OKTA_SECRET_ARN } : {}),
  ...(env.GATEHOOK_OKTA_ORG_URL ? { oktaOrgUrl: env.GATEHOOK_OKTA_ORG_URL } : {}),
  ...(env.GATEHOOK_REGISTER === '1' ? { registration: {} } : {}),
  ...(rotateDays !== undefined ? { rotation: { schedule: Duration.days(rotateDays) } } : {}),
});
app.synth();

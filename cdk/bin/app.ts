/**
 * `cdk synth` / `cdk deploy` entry. The stack is environment-agnostic (no account or region), so synth
 * needs no AWS credentials and makes no lookups; the deploy-time credentials choose the target.
 * Optional: GATEHOOK_OKTA_SECRET_ARN (existing org credentials secret), GATEHOOK_OKTA_ORG_URL,
 * GATEHOOK_PROVISIONED_CONCURRENCY, GATEHOOK_STACK_NAME; GATEHOOK_REGISTER=1 registers the hooks in the org
 * on every deploy (needs real credentials in the org secret), GATEHOOK_HOOK_PREFIX names them,
 * GATEHOOK_ROTATE_DAYS=<n> rotates every hook secret every n days (with GATEHOOK_REGISTER=1).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Duration } from 'aws-cdk-lib';
import { GatehookExampleStack } from '../lib/example-stack.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = process.env;
const provisioned = env.GATEHOOK_PROVISIONED_CONCURRENCY ? Number(env.GATEHOOK_PROVISIONED_CONCURRENCY) : undefined;
const register = env.GATEHOOK_REGISTER === '1' || env.GATEHOOK_REGISTER === 'true';
const rotateDays = env.GATEHOOK_ROTATE_DAYS ? Number(env.GATEHOOK_ROTATE_DAYS) : undefined;

const app = new App();
new GatehookExampleStack(app, env.GATEHOOK_STACK_NAME ?? 'GatehookExample', {
  repoRoot,
  description: 'gatehook example: Okta inline hooks and event hooks on Lambda',
  hooks: {
    ...(env.GATEHOOK_OKTA_SECRET_ARN ? { oktaCredentialsSecretArn: env.GATEHOOK_OKTA_SECRET_ARN } : {}),
    ...(env.GATEHOOK_OKTA_ORG_URL ? { oktaOrgUrl: env.GATEHOOK_OKTA_ORG_URL } : {}),
    ...(provisioned !== undefined ? { provisionedConcurrency: provisioned } : {}),
    ...(register ? { registration: { ...(env.GATEHOOK_HOOK_PREFIX ? { namePrefix: env.GATEHOOK_HOOK_PREFIX } : {}) } } : {}),
    ...(rotateDays !== undefined ? { rotation: { schedule: Duration.days(rotateDays) } } : {}),
  },
});
app.synth();

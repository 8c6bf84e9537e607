/**
 * `cdk synth` / `cdk deploy` entry. The stack is environment-agnostic (no account or region), so synth
 * needs no AWS credentials and makes no lookups; the deploy-time credentials choose the target.
 * Optional: GATEHOOK_OKTA_SECRET_ARN (existing org credentials secret), GATEHOOK_OKTA_ORG_URL,
 * GATEHOOK_PROVISIONED_CONCURRENCY, GATEHOOK_STACK_NAME.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { GatehookExampleStack } from '../lib/example-stack.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = process.env;
const provisioned = env.GATEHOOK_PROVISIONED_CONCURRENCY ? Number(env.GATEHOOK_PROVISIONED_CONCURRENCY) : undefined;

const app = new App();
new GatehookExampleStack(app, env.GATEHOOK_STACK_NAME ?? 'GatehookExample', {
  repoRoot,
  description: 'gatehook example: Okta inline hooks and event hooks on Lambda',
  hooks: {
    ...(env.GATEHOOK_OKTA_SECRET_ARN ? { oktaCredentialsSecretArn: env.GATEHOOK_OKTA_SECRET_ARN } : {}),
    ...(env.GATEHOOK_OKTA_ORG_URL ? { oktaOrgUrl: env.GATEHOOK_OKTA_ORG_URL } : {}),
    ...(provisioned !== undefined ? { provisionedConcurrency: provisioned } : {}),
  },
});
app.synth();

import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { EXAMPLE_EVENT_ENTRIES, EXAMPLE_INLINE_HOOKS, exampleEntryPath } from '../../cdk/lib/example-stack.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const FIXTURE_ENTRY = join(REPO_ROOT, 'test', 'cdk', 'fixtures', 'echo-hook.ts');
const EXAMPLE_ENTRY_NAMES = [...EXAMPLE_INLINE_HOOKS, ...Object.values(EXAMPLE_EVENT_ENTRIES)];

export const examplesExist = EXAMPLE_ENTRY_NAMES.every((name) => existsSync(exampleEntryPath(REPO_ROOT, name)));

/**
 * An App with the same feature flags `cdk synth` reads from cdk/cdk.json, so tests see what deploys.
 * `inRepo` puts the cloud assembly under test-artifacts/ so a bundle loaded from it can resolve its
 * external `@aws-sdk/*` imports from the repository's node_modules, as the Lambda runtime would.
 */
export function appWithProjectContext(options: { inRepo?: boolean } = {}): App {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  if (!options.inRepo) return new App({ context: config.context });
  const parent = join(REPO_ROOT, 'test-artifacts');
  mkdirSync(parent, { recursive: true });
  return new App({ context: config.context, outdir: mkdtempSync(join(parent, 'cdk-')) });
}

export { startSecretsManagerStub } from '../support/secrets-manager-stub.js';

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
}

export function resourcesOfType(template: Template, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.findResources(type)) as Array<[string, CfnResource]>;
}

/** Lambda functions keyed by their Description (gatehook sets a distinct one on each). */
export function functionsByDescription(template: Template): Map<string, [string, CfnResource]> {
  return new Map(
    resourcesOfType(template, 'AWS::Lambda::Function').map(([id, r]) => [String(r.Properties.Description), [id, r]]),
  );
}

/** Where the synthesized app staged the bundle of a function (the S3 key names the asset hash). */
export function bundledEntry(outdir: string, fn: CfnResource): string {
  const code = fn.Properties.Code as { S3Key: string };
  return join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
}

/** A Lambda Function URL (payload format 2.0) event, as the Lambda service builds it from an HTTPS POST. */
export function functionUrlEvent(options: { path: string; headers: Record<string, string>; body: string }) {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: options.path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc123.lambda-url.us-east-1.on.aws', ...options.headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc123',
      domainName: 'abc123.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abc123',
      http: {
        method: 'POST',
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.10',
        userAgent: 'Okta Hooks',
      },
      requestId: crypto.randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: options.body,
    isBase64Encoded: false,
  };
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type { Architecture } from 'aws-cdk-lib/aws-lambda';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { hookBundling } from './bundling.js';
import { CDK_CONFIG, GatehookConfigError } from './errors.js';

/**
 * The entry of one of gatehook's own deployment functions (`registration`, `rotation`): the TypeScript
 * source in this repository, or the compiled file in the installed package (dist/ mirrors the repository).
 */
export function deployEntry(name: 'registration' | 'rotation'): string {
  const folder = join(import.meta.dirname, '..', '..', 'src', 'deploy', 'lambda');
  const candidates = [join(folder, `${name}.ts`), join(folder, `${name}.js`)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new GatehookConfigError(CDK_CONFIG, `gatehook's ${name} function is missing (looked for ${candidates.join(', ')})`);
  return found;
}

/** What every deployment function takes from the stack's settings (the same as the hook functions'). */
export interface DeployFunctionSettings {
  readonly architecture: Architecture;
  readonly logRetention: RetentionDays;
  readonly projectRoot?: string | undefined;
  readonly depsLockFilePath?: string | undefined;
  readonly bundling?: BundlingOptions | undefined;
}

export interface DeployFunctionProps extends DeployFunctionSettings {
  readonly entry: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
}

/** A function that talks to the org's Management API during a deployment or a rotation, with its own log group. */
export function deployFunction(scope: Construct, id: string, props: DeployFunctionProps): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention });
  return new NodejsFunction(scope, id, {
    entry: props.entry,
    handler: 'handler',
    description: props.description,
    runtime: Runtime.NODEJS_24_X,
    architecture: props.architecture,
    // The org's API is rate limited and a rotation waits up to a minute for the hook to take the new value.
    timeout: Duration.minutes(2),
    memorySize: 256,
    logGroup,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    bundling: hookBundling(props.bundling),
    ...(props.projectRoot ? { projectRoot: props.projectRoot } : {}),
    ...(props.depsLockFilePath ? { depsLockFilePath: props.depsLockFilePath } : {}),
  });
}

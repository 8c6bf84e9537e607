import type { Duration } from 'aws-cdk-lib';
import type { Architecture } from 'aws-cdk-lib/aws-lambda';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { deployEntry, deployFunction } from './deploy-functions.js';

export interface HookSecretRotationProps {
  readonly secret: ISecret;
  /** The hook's name in Okta (`gatehook token`). */
  readonly oktaHookName: string;
  /** The inline hook type, or `events`. */
  readonly kind: string;
  readonly orgCredentials: ISecret;
  readonly schedule: Duration;
  readonly architecture: Architecture;
  readonly logRetention: RetentionDays;
  readonly projectRoot?: string | undefined;
  readonly depsLockFilePath?: string | undefined;
  readonly bundling?: BundlingOptions | undefined;
}

/**
 * Rotates one hook secret on a schedule with no refused call: the rotation function stores the new value
 * as AWSPENDING (which the hook function already accepts), waits until the hook takes it, switches the
 * Okta hook to it, has the org call the hook with it, then makes it current.
 */
export class HookSecretRotation extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: HookSecretRotationProps) {
    super(scope, id);
    this.function = deployFunction(this, 'Function', {
      entry: deployEntry('rotation'),
      description: `gatehook: rotates the secret of ${props.oktaHookName}`,
      architecture: props.architecture,
      logRetention: props.logRetention,
      environment: { GATEHOOK_HOOK_NAME: props.oktaHookName, GATEHOOK_HOOK_KIND: props.kind, GATEHOOK_OKTA_SECRET_ID: props.orgCredentials.secretArn },
      projectRoot: props.projectRoot,
      depsLockFilePath: props.depsLockFilePath,
      bundling: props.bundling,
    });
    props.orgCredentials.grantRead(this.function);
    // addRotationSchedule grants the function what rotation needs on this secret (describe, read, put, stage).
    props.secret.addRotationSchedule('Schedule', { rotationLambda: this.function, automaticallyAfter: props.schedule });
  }
}

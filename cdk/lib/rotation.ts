import type { Duration } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { deployEntry, deployFunction, type DeployFunctionSettings } from './deploy-functions.js';

export interface HookSecretRotationProps extends DeployFunctionSettings {
  readonly secret: ISecret;
  /** The hook's name in Okta (`gatehook token`). */
  readonly oktaHookName: string;
  /** The inline hook type, or `events`. */
  readonly kind: string;
  readonly orgCredentials: ISecret;
  readonly schedule: Duration;
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
      ...props,
      entry: deployEntry('rotation'),
      description: `gatehook: rotates the secret of ${props.oktaHookName}`,
      environment: { GATEHOOK_HOOK_NAME: props.oktaHookName, GATEHOOK_HOOK_KIND: props.kind, GATEHOOK_OKTA_SECRET_ID: props.orgCredentials.secretArn },
    });
    props.orgCredentials.grantRead(this.function);
    // addRotationSchedule grants the function what rotation needs on this secret (describe, read, put, stage).
    props.secret.addRotationSchedule('Schedule', { rotationLambda: this.function, automaticallyAfter: props.schedule });
  }
}

import { CustomResource } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { deployEntry, deployFunction, type DeployFunctionSettings } from './deploy-functions.js';

export type InlineHookTypeName = 'token' | 'registration' | 'password-import' | 'user-import' | 'saml' | 'telephony';

export interface RegisteredInlineHook {
  readonly name: string;
  readonly type: InlineHookTypeName;
  readonly url: string;
  readonly secret: ISecret;
}

export interface RegisteredEventHook {
  readonly url: string;
  readonly secret: ISecret;
  readonly eventTypes: readonly string[];
  readonly filter?: string | undefined;
}

export interface HookRegistrationProps extends DeployFunctionSettings {
  readonly orgCredentials: ISecret;
  readonly namePrefix: string;
  readonly inlineHooks: readonly RegisteredInlineHook[];
  readonly eventHook?: RegisteredEventHook | undefined;
}

/**
 * The org's side of the stack: a custom resource (Provider framework) whose function registers every hook
 * with its Function URL and secret, activates it and verifies the event hook, on each deploy; and removes
 * them when the stack goes. Only secret ARNs are in the template; the function reads the values.
 */
export class HookRegistration extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: HookRegistrationProps) {
    super(scope, id);
    const onEvent = deployFunction(this, 'OnEvent', {
      ...props,
      entry: deployEntry('registration'),
      description: 'gatehook: registers the stack hooks in the Okta org',
    });
    props.orgCredentials.grantRead(onEvent);
    for (const hook of props.inlineHooks) hook.secret.grantRead(onEvent);
    props.eventHook?.secret.grantRead(onEvent);

    const provider = new Provider(this, 'Provider', { onEventHandler: onEvent, logGroup: new LogGroup(this, 'ProviderLogs', { retention: props.logRetention }) });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::GatehookRegistration',
      properties: {
        OrgCredentialsSecretId: props.orgCredentials.secretArn,
        NamePrefix: props.namePrefix,
        InlineHooks: props.inlineHooks.map((hook) => ({ Name: hook.name, Type: hook.type, Url: hook.url, SecretId: hook.secret.secretArn })),
        ...(props.eventHook
          ? {
              EventHook: {
                Name: 'events',
                Url: props.eventHook.url,
                SecretId: props.eventHook.secret.secretArn,
                EventTypes: [...props.eventHook.eventTypes],
                ...(props.eventHook.filter ? { Filter: props.eventHook.filter } : {}),
              },
            }
          : {}),
      },
    });
  }
}

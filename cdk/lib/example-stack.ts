import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CDK_CONFIG, GatehookConfigError } from './errors.js';
import { GatehookHooks } from './gatehook-hooks.js';
import type { GatehookHooksProps, InlineHookSpec } from './gatehook-hooks.js';

/** The inline hooks of the example app, each served by `examples/src/lambda/<name>.ts`. */
export const EXAMPLE_INLINE_HOOKS = [
  'token',
  'registration',
  'password-import',
  'user-import',
  'saml',
  'telephony',
] as const;

export const EXAMPLE_EVENT_ENTRIES = { receiver: 'events-receiver', worker: 'events-worker' } as const;

export function exampleEntryPath(repoRoot: string, name: string): string {
  return join(repoRoot, 'examples', 'src', 'lambda', `${name}.ts`);
}

export interface ExampleStackProps extends StackProps {
  /** The repository root: entries are `examples/src/lambda/*.ts` below it. */
  readonly repoRoot: string;
  /** Passed through to GatehookHooks (credentials ARN, alarm topic, provisioned concurrency...). */
  readonly hooks?: Omit<GatehookHooksProps, 'hooks' | 'events'>;
}

/** Every example hook, deployed as its own Lambda, plus the event hook pipeline. */
export class GatehookExampleStack extends Stack {
  readonly hooks: GatehookHooks;

  constructor(scope: Construct, id: string, props: ExampleStackProps) {
    super(scope, id, props);
    const entry = (name: string): string => {
      const path = exampleEntryPath(props.repoRoot, name);
      if (!existsSync(path)) throw new GatehookConfigError(CDK_CONFIG, `example Lambda entry missing: ${path}`);
      return path;
    };
    const inline: InlineHookSpec[] = EXAMPLE_INLINE_HOOKS.map((name) => ({ name, entry: entry(name), type: 'inline' }));
    this.hooks = new GatehookHooks(this, 'Hooks', {
      projectRoot: props.repoRoot,
      depsLockFilePath: join(props.repoRoot, 'package-lock.json'),
      ...props.hooks,
      hooks: inline,
      events: {
        receiverEntry: entry(EXAMPLE_EVENT_ENTRIES.receiver),
        workerEntry: entry(EXAMPLE_EVENT_ENTRIES.worker),
      },
    });
  }
}

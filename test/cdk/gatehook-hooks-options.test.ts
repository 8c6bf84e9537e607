import { rmSync } from 'node:fs';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, describe, expect, it } from 'vitest';
import { GatehookConfigError } from '../../cdk/lib/errors.js';
import { GatehookHooks } from '../../cdk/lib/gatehook-hooks.js';
import type { GatehookHooksProps } from '../../cdk/lib/gatehook-hooks.js';
import { FIXTURE_ENTRY, REPO_ROOT, appWithProjectContext, resourcesOfType } from './helpers.js';

const apps: App[] = [];

/** Every stack bundles the same fixture, which aws-cdk-lib caches in-process: only the first one is slow. */
function synth(props: Partial<GatehookHooksProps>): Template {
  const app = appWithProjectContext();
  apps.push(app);
  const stack = new Stack(app, 'Options');
  new GatehookHooks(stack, 'Hooks', {
    hooks: [{ name: 'token', entry: FIXTURE_ENTRY, type: 'inline' }],
    projectRoot: REPO_ROOT,
    ...props,
  });
  return Template.fromStack(stack);
}

function constructionError(props: Partial<GatehookHooksProps>): unknown {
  const stack = new Stack(new App(), 'Invalid');
  try {
    new GatehookHooks(stack, 'Hooks', { hooks: [], projectRoot: REPO_ROOT, ...props });
  } catch (error) {
    return error;
  }
  return undefined;
}

afterAll(() => {
  for (const app of apps) rmSync(app.outdir, { recursive: true, force: true });
});

describe('provisioned concurrency', () => {
  it('adds a live alias with the requested concurrency and moves the URL onto it', () => {
    const template = synth({ provisionedConcurrency: 2 });
    const aliases = resourcesOfType(template, 'AWS::Lambda::Alias');
    expect(aliases).toHaveLength(1);
    const [aliasId, alias] = aliases[0] ?? [];
    expect(alias?.Properties).toMatchObject({
      Name: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
    const urls = resourcesOfType(template, 'AWS::Lambda::Url');
    expect(urls).toHaveLength(1);
    expect(urls[0]?.[1]).toMatchObject({ Properties: { AuthType: 'NONE', Qualifier: 'live' }, DependsOn: [aliasId] });
  });

  it('lets a hook override the default, 0 meaning no alias', () => {
    const template = synth({
      provisionedConcurrency: 3,
      hooks: [
        { name: 'token', entry: FIXTURE_ENTRY, type: 'inline', provisionedConcurrency: 0 },
        { name: 'saml', entry: FIXTURE_ENTRY, type: 'inline' },
      ],
    });
    const aliases = resourcesOfType(template, 'AWS::Lambda::Alias');
    expect(aliases.map(([, a]) => a.Properties.ProvisionedConcurrencyConfig)).toEqual([
      { ProvisionedConcurrentExecutions: 3 },
    ]);
  });

  it('creates no alias by default', () => {
    expect(resourcesOfType(synth({}), 'AWS::Lambda::Alias')).toHaveLength(0);
  });
});

describe('existing secrets', () => {
  const hookArn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:gatehook/token-AbCdEf';
  const oktaArn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:gatehook/okta-GhIjKl';

  it('creates no secrets and grants read on exactly the given ARNs', () => {
    const template = synth({
      oktaCredentialsSecretArn: oktaArn,
      hooks: [{ name: 'token', entry: FIXTURE_ENTRY, type: 'inline', hookSecretArn: hookArn }],
    });
    expect(resourcesOfType(template, 'AWS::SecretsManager::Secret')).toHaveLength(0);
    const resources = resourcesOfType(template, 'AWS::IAM::Policy')
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement)
      .filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))
      .flatMap((s) => [s.Resource].flat());
    expect(resources.sort()).toEqual([hookArn, oktaArn].sort());
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { GATEHOOK_HOOK_SECRET_ID: hookArn, GATEHOOK_OKTA_SECRET_ID: oktaArn } },
    });
  });

  it('skips the org credentials secret when no function calls the API', () => {
    const template = synth({ hooks: [{ name: 'token', entry: FIXTURE_ENTRY, type: 'inline', useOktaApi: false }] });
    expect(resourcesOfType(template, 'AWS::SecretsManager::Secret')).toHaveLength(1);
    expect(JSON.stringify(template.toJSON())).not.toContain('GATEHOOK_OKTA_SECRET_ID');
  });
});

describe('other settings', () => {
  it('honours architecture, log retention, memory and timeout overrides', () => {
    const template = synth({
      architecture: Architecture.X86_64,
      logRetention: RetentionDays.ONE_WEEK,
      memorySize: 1024,
      hooks: [{ name: 'token', entry: FIXTURE_ENTRY, type: 'inline', timeout: Duration.seconds(6) }],
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Architectures: ['x86_64'], MemorySize: 1024, Timeout: 6 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  it('creates alarms without actions when no topic is given, and no outputs when disabled', () => {
    const template = synth({ outputs: false });
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
    // The function's three (errors, throttles, p99) and the hook's three call alarms (fallback rate, refusals, contract violations).
    expect(alarms).toHaveLength(6);
    for (const [, alarm] of alarms) expect(alarm.Properties.AlarmActions).toBeUndefined();
    expect(Object.keys(template.findOutputs('*'))).toHaveLength(0);
  });
});

describe('invalid configuration', () => {
  it.each([
    ['no hooks at all', {}],
    ['an upper-case name', { hooks: [{ name: 'Token', entry: FIXTURE_ENTRY, type: 'inline' as const }] }],
    ['a name with a trailing dash', { hooks: [{ name: 'token-', entry: FIXTURE_ENTRY, type: 'inline' as const }] }],
    ['the reserved name events', { hooks: [{ name: 'events', entry: FIXTURE_ENTRY, type: 'inline' as const }] }],
    [
      'a duplicate name',
      {
        hooks: [
          { name: 'token', entry: FIXTURE_ENTRY, type: 'inline' as const },
          { name: 'token', entry: FIXTURE_ENTRY, type: 'inline' as const },
        ],
      },
    ],
    [
      'a fractional provisioned concurrency',
      { provisionedConcurrency: 1.5, hooks: [{ name: 'token', entry: FIXTURE_ENTRY, type: 'inline' as const }] },
    ],
    [
      'a dead-letter threshold SQS would reject',
      {
        hooks: [{ name: 'token', entry: FIXTURE_ENTRY, type: 'inline' as const }],
        events: { receiverEntry: FIXTURE_ENTRY, workerEntry: FIXTURE_ENTRY, maxReceiveCount: 0 },
      },
    ],
    [
      'a worker concurrency below the SQS minimum of 2',
      {
        hooks: [{ name: 'token', entry: FIXTURE_ENTRY, type: 'inline' as const }],
        events: { receiverEntry: FIXTURE_ENTRY, workerEntry: FIXTURE_ENTRY, workerMaxConcurrency: 1 },
      },
    ],
    [
      'a negative provisioned concurrency',
      { hooks: [{ name: 'token', entry: FIXTURE_ENTRY, type: 'inline' as const, provisionedConcurrency: -1 }] },
    ],
  ])('rejects %s with ERR_GATEHOOK_CDK_CONFIG', (_label, props: Partial<GatehookHooksProps>) => {
    const error = constructionError(props);
    expect(error).toBeInstanceOf(GatehookConfigError);
    expect((error as GatehookConfigError).code).toBe('ERR_GATEHOOK_CDK_CONFIG');
  });
});

import { rmSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehookHooks } from '../../cdk/lib/gatehook-hooks.js';
import type { InlineHookSpec } from '../../cdk/lib/gatehook-hooks.js';
import type { CfnResource } from './helpers.js';
import {
  FIXTURE_ENTRY,
  REPO_ROOT,
  appWithProjectContext,
  functionsByDescription,
  resourcesOfType,
} from './helpers.js';

const INLINE = ['token', 'registration', 'password-import', 'user-import', 'saml', 'telephony'];
const HOOK_CANARY = 'canary-hook-secret-7f3a9c';
const TOKEN_CANARY = 'canary-ssws-token-51d0be';

let template: Template;
let json: string;
let outdir: string;

beforeAll(() => {
  // Secrets present in the synth environment must never reach the template.
  process.env.HOOK_SECRET = HOOK_CANARY;
  process.env.OKTA_API_TOKEN = TOKEN_CANARY;
  const app = appWithProjectContext();
  const stack = new Stack(app, 'HooksUnderTest');
  const hooks: InlineHookSpec[] = INLINE.map((name) => ({
    name,
    entry: FIXTURE_ENTRY,
    type: 'inline',
    ...(name === 'telephony' ? { useOktaApi: false } : {}),
  }));
  new GatehookHooks(stack, 'Hooks', {
    hooks,
    events: { receiverEntry: FIXTURE_ENTRY, workerEntry: FIXTURE_ENTRY },
    alarmTopic: new Topic(stack, 'Alarms'),
    projectRoot: REPO_ROOT,
  });
  template = Template.fromStack(stack);
  json = JSON.stringify(template.toJSON());
  outdir = app.outdir;
});

afterAll(() => {
  delete process.env.HOOK_SECRET;
  delete process.env.OKTA_API_TOKEN;
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

function fn(description: string): [string, CfnResource] {
  const found = functionsByDescription(template).get(description);
  if (!found) throw new Error(`no function described "${description}"`);
  return found;
}

const inlineDescriptions = INLINE.map((name) => `gatehook ${name} inline hook`);
const RECEIVER = 'gatehook event hook receiver: verify, enqueue, answer 200';
const WORKER = 'gatehook event hook worker: dedupe and handle queued events';

describe('functions', () => {
  it('deploys one function per inline hook plus receiver and worker', () => {
    expect([...functionsByDescription(template).keys()].sort()).toEqual(
      [...inlineDescriptions, RECEIVER, WORKER].sort(),
    );
  });

  it.each([...inlineDescriptions, RECEIVER])('%s: Node.js 24 on arm64, 4 s, 512 MB, ESM bundle', (description) => {
    const [, resource] = fn(description);
    expect(resource.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 4,
      MemorySize: 512,
      Handler: 'index.handler',
    });
  });

  it('gives the worker a longer timeout than the HTTP-facing functions', () => {
    expect(fn(WORKER)[1].Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 30 });
  });

  it('puts secret ids (references to the secrets), never values, in the environment', () => {
    const secretIds = new Set(resourcesOfType(template, 'AWS::SecretsManager::Secret').map(([id]) => id));
    for (const description of [...inlineDescriptions, RECEIVER, WORKER]) {
      const variables = (fn(description)[1].Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
      for (const key of ['GATEHOOK_HOOK_SECRET_ID', 'GATEHOOK_OKTA_SECRET_ID']) {
        if (key in variables) expect(secretIds).toContain((variables[key] as { Ref: string }).Ref);
      }
      expect(Object.keys(variables)).not.toContain('HOOK_SECRET');
      expect(Object.keys(variables)).not.toContain('OKTA_API_TOKEN');
    }
  });

  it('configures exactly the secrets each function needs', () => {
    const envKeys = (description: string) =>
      Object.keys((fn(description)[1].Properties.Environment as { Variables: object }).Variables).sort();
    expect(envKeys('gatehook token inline hook')).toEqual([
      'GATEHOOK_HOOK_SECRET_ID',
      'GATEHOOK_OKTA_SECRET_ID',
      'NODE_OPTIONS',
    ]);
    expect(envKeys('gatehook telephony inline hook')).toEqual(['GATEHOOK_HOOK_SECRET_ID', 'NODE_OPTIONS']);
    expect(envKeys(RECEIVER)).toEqual(['GATEHOOK_EVENTS_QUEUE_URL', 'GATEHOOK_HOOK_SECRET_ID', 'NODE_OPTIONS']);
    expect(envKeys(WORKER)).toEqual([
      'GATEHOOK_EVENTS_DEAD_LETTER_TABLE',
      'GATEHOOK_EVENTS_IDEMPOTENCY_TABLE',
      'GATEHOOK_EVENTS_QUEUE_URL',
      'GATEHOOK_OKTA_SECRET_ID',
      'NODE_OPTIONS',
    ]);
  });

  it('gives every HTTP-facing function a public Function URL, and the worker none', () => {
    const urls = resourcesOfType(template, 'AWS::Lambda::Url');
    expect(urls).toHaveLength(INLINE.length + 1);
    const targets = urls.map(([, r]) => {
      expect(r.Properties).toMatchObject({ AuthType: 'NONE', InvokeMode: 'BUFFERED' });
      return (r.Properties.TargetFunctionArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    });
    const expected = [...inlineDescriptions, RECEIVER].map((d) => fn(d)[0]);
    expect(targets.sort()).toEqual(expected.sort());
    expect(targets).not.toContain(fn(WORKER)[0]);
  });

  it('allows public invocation only through the Function URL', () => {
    const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').map(([, r]) => r.Properties);
    for (const id of [...inlineDescriptions, RECEIVER].map((d) => fn(d)[0])) {
      const mine = permissions.filter((p) => JSON.stringify(p.FunctionName).includes(id));
      expect(mine).toContainEqual(
        expect.objectContaining({ Action: 'lambda:InvokeFunctionUrl', FunctionUrlAuthType: 'NONE', Principal: '*' }),
      );
      expect(mine).toContainEqual(
        expect.objectContaining({ Action: 'lambda:InvokeFunction', InvokedViaFunctionUrl: true, Principal: '*' }),
      );
      for (const p of mine) {
        expect(p.FunctionUrlAuthType === 'NONE' || p.InvokedViaFunctionUrl === true).toBe(true);
      }
    }
  });

  it('creates a log group per function with one month retention and points the function at it', () => {
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    expect(groups).toHaveLength(INLINE.length + 2);
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(30);
    const groupIds = new Set(groups.map(([id]) => id));
    for (const [, [, resource]] of functionsByDescription(template)) {
      const ref = (resource.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(groupIds).toContain(ref);
    }
  });
});

describe('secrets and IAM', () => {
  it('generates every secret value inside AWS: nothing plain in the template', () => {
    const secrets = resourcesOfType(template, 'AWS::SecretsManager::Secret');
    // One per inline hook, one for the event hook, one for the org credentials.
    expect(secrets).toHaveLength(INLINE.length + 2);
    for (const [, secret] of secrets) {
      expect(secret.Properties.SecretString).toBeUndefined();
      expect(secret.Properties.GenerateSecretString).toMatchObject({ GenerateStringKey: expect.any(String) });
    }
    // Boolean checks: a failure message must not print the template (or a leaked value) in full.
    expect(json.includes('"SecretString"'), 'plain SecretString in template').toBe(false);
    expect(json.includes(HOOK_CANARY), 'HOOK_SECRET value in template').toBe(false);
    expect(json.includes(TOKEN_CANARY), 'OKTA_API_TOKEN value in template').toBe(false);
  });

  it('stores hook secrets in the rotation format {"current"} and credentials as {"orgUrl","apiToken"}', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{}', GenerateStringKey: 'current' }),
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: JSON.stringify({ orgUrl: 'https://example.okta.com' }),
        GenerateStringKey: 'apiToken',
      }),
    });
  });

  it('never grants a secretsmanager action on a wildcard resource', () => {
    for (const [, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
      const statements = (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
      for (const statement of statements) {
        const actions = [statement.Action].flat().map(String);
        if (actions.some((a) => a.startsWith('secretsmanager:'))) {
          expect([statement.Resource].flat()).not.toContain('*');
          expect(JSON.stringify(statement.Resource)).not.toContain('*');
        }
      }
    }
  });

  it('lets each function read only the secrets named in its own environment', () => {
    for (const [, [, resource]] of functionsByDescription(template)) {
      const roleId = (resource.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const variables = (resource.Properties.Environment as { Variables: Record<string, { Ref?: string }> })
        .Variables;
      const expected = ['GATEHOOK_HOOK_SECRET_ID', 'GATEHOOK_OKTA_SECRET_ID']
        .map((key) => variables[key]?.Ref)
        .filter((ref): ref is string => ref !== undefined)
        .sort();
      const readable = resourcesOfType(template, 'AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement)
        .filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))
        .flatMap((s) => [s.Resource].flat().map((r) => (r as { Ref: string }).Ref))
        .sort();
      expect(readable).toEqual(expected);
    }
  });

  it('does not attach the managed basic execution role (its logs:* covers every log group)', () => {
    expect(json).not.toContain('AWSLambdaBasicExecutionRole');
    for (const [, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
      const statements = (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
      for (const statement of statements) {
        if ([statement.Action].flat().some((a) => String(a).startsWith('logs:'))) {
          expect(statement.Resource).toMatchObject({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
        }
      }
    }
  });
});

describe('event hook pipeline', () => {
  it('sends failed messages to a dead-letter queue after 8 receives (above the worker\'s 5 attempts)', () => {
    const queues = resourcesOfType(template, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(2);
    const main = queues.find(([, q]) => q.Properties.RedrivePolicy);
    const dlq = queues.find(([, q]) => !q.Properties.RedrivePolicy);
    expect(main?.[1].Properties).toMatchObject({
      RedrivePolicy: { maxReceiveCount: 8, deadLetterTargetArn: { 'Fn::GetAtt': [dlq?.[0], 'Arn'] } },
      VisibilityTimeout: 180,
      SqsManagedSseEnabled: true,
    });
    expect(dlq?.[1].Properties).toMatchObject({ MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('feeds the worker from the queue with partial batch failure reporting', () => {
    const [workerId] = fn(WORKER);
    const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.[1].Properties).toMatchObject({
      FunctionName: { Ref: workerId },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  const tables = () => {
    const all = resourcesOfType(template, 'AWS::DynamoDB::GlobalTable');
    expect(all).toHaveLength(2);
    const idempotency = all.find(([id]) => id.includes('Idempotency'));
    const deadLetters = all.find(([id]) => id.includes('DeadLetter'));
    if (!idempotency || !deadLetters) throw new Error('missing table');
    return { idempotency, deadLetters };
  };

  it('creates an on-demand idempotency table keyed by id with TTL on expiration, destroyed with the stack', () => {
    const [, table] = tables().idempotency;
    expect(table).toMatchObject({
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      },
      DeletionPolicy: 'Delete',
    });
  });

  it('creates an on-demand dead-letter table keyed by id that outlives the stack', () => {
    const [, table] = tables().deadLetters;
    expect(table).toMatchObject({
      Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' },
      DeletionPolicy: 'Retain',
    });
    expect(table.Properties.TimeToLiveSpecification).toBeUndefined();
  });

  it('grants table access to the worker only and queue sends to the receiver only', () => {
    const [tableId] = tables().idempotency;
    const [deadLetterId] = tables().deadLetters;
    const [queueId] = resourcesOfType(template, 'AWS::SQS::Queue').find(([, q]) => q.Properties.RedrivePolicy) ?? [];
    const roleOf = (description: string) =>
      (fn(description)[1].Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policiesMentioning = (needle: string, action: string) =>
      resourcesOfType(template, 'AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes(needle))
        .filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes(action))
        .map(([, p]) => (p.Properties.Roles as Array<{ Ref: string }>).map((r) => r.Ref))
        .flat();
    expect(policiesMentioning(String(tableId), 'dynamodb:PutItem')).toEqual([roleOf(WORKER)]);
    expect(policiesMentioning(String(deadLetterId), 'dynamodb:PutItem')).toEqual([roleOf(WORKER)]);
    const deadLetterActions = resourcesOfType(template, 'AWS::IAM::Policy')
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement)
      .filter((statement) => JSON.stringify(statement.Resource).includes(String(deadLetterId)))
      .flatMap((statement) => [statement.Action].flat());
    expect(deadLetterActions).toContain('dynamodb:PutItem');
    expect(deadLetterActions).not.toContain('dynamodb:Scan');
    expect(deadLetterActions).not.toContain('dynamodb:GetItem');
    expect(policiesMentioning(String(queueId), 'sqs:SendMessage')).toEqual([roleOf(RECEIVER)]);
  });
});

describe('alarms and outputs', () => {
  it('alarms on errors, throttles and p99 duration of every function, notifying the topic', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const [id, resource] of functionsByDescription(template).values()) {
      const mine = alarms.filter((a) => JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }]));
      const byMetric = new Map(mine.map((a) => [a.MetricName, a]));
      expect([...byMetric.keys()].sort()).toEqual(['Duration', 'Errors', 'Throttles']);
      expect(byMetric.get('Errors')).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      expect(byMetric.get('Throttles')).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      const durationMs = resource.Properties.Timeout === 4 ? 2500 : 24_000;
      expect(byMetric.get('Duration')).toMatchObject({
        ExtendedStatistic: 'p99',
        Threshold: durationMs,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
  });

  it('alarms as soon as a message is visible in the dead-letter queue', () => {
    const [dlqId] = resourcesOfType(template, 'AWS::SQS::Queue').find(([, q]) => !q.Properties.RedrivePolicy) ?? [];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('outputs the URL of every hook and the ARN of every hook secret', () => {
    const outputs = Object.values(template.findOutputs('*')) as Array<{ Value: unknown; Description: string }>;
    const urlOutputs = outputs.filter((o) => o.Description.endsWith('hook URL'));
    expect(urlOutputs.map((o) => o.Description).sort()).toEqual(
      [...INLINE, 'events'].map((name) => `Okta ${name} hook URL`).sort(),
    );
    const urlIds = new Set(resourcesOfType(template, 'AWS::Lambda::Url').map(([id]) => id));
    for (const output of urlOutputs) {
      const [target, attribute] = (output.Value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      expect(urlIds).toContain(target);
      expect(attribute).toBe('FunctionUrl');
    }
    expect(outputs.filter((o) => o.Description.startsWith('Secret holding'))).toHaveLength(INLINE.length + 1);
  });
});

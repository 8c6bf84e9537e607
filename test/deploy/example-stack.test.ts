/**
 * "One `cdk deploy` leaves every hook registered, active and verified", without AWS: the example stack is
 * synthesized with registration on, and the properties CloudFormation would hand its registration resource
 * (function URLs and secret ARNs resolved to local stand-ins) drive the real handler, through aws-cdk-lib's
 * Provider framework runtime, against the org emulator. Each hook is served with its own secret.
 */
import { rmSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehookExampleStack } from '../../cdk/lib/example-stack.js';
import { createRegistrationHandler } from '../../src/deploy/registration/handler.js';
import { silentLogger, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createEventReceiver } from '../../src/handlers/events/index.js';
import { passwordImportHook, registrationHook, samlHook, telephonyHook, tokenHook, userImportHook } from '../../src/handlers/index.js';
import type { InlineHookType } from '../../src/handlers/core/types.js';
import type { GatehookEnv } from '../../src/middleware/types.js';
import { createHookApp } from '../../src/runtime/app.js';
import { serveNode, type RunningServer } from '../../src/runtime/node.js';
import { createOktaClient, type OktaClient } from '../../src/sdk/client.js';
import { eventHooksApi } from '../../src/sdk/eventHooks.js';
import { inlineHooksApi } from '../../src/sdk/inlineHooks.js';
import { fromSecretsManager } from '../../src/secrets/secrets-manager.js';
import { startSecretsManagerStub, type SecretsManagerStub } from '../support/secrets-manager-stub.js';
import { appWithProjectContext, examplesExist, functionsByDescription, REPO_ROOT, resourcesOfType } from '../cdk/helpers.js';
import { providerFramework, startResponseUrl } from './helpers.js';

const API_TOKEN = 'example-stack-api-token-0123456789';
const DEFINITIONS: Record<InlineHookType, () => unknown> = {
  token: () => tokenHook((_event, api) => api.accessToken.addClaims({ deployed: true })),
  registration: () => registrationHook(() => undefined),
  'password-import': () => passwordImportHook((_event, api) => api.credential.verified()),
  'user-import': () => userImportHook(() => undefined),
  saml: () => samlHook(() => undefined),
  telephony: () => telephonyHook(() => undefined),
};

let template: Template;
let outdir: string;
let org: RunningEmulator;
let okta: OktaClient;
let secrets: SecretsManagerStub;
let hooks: RunningServer;
const arnOf = (logicalId: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${logicalId}-AbCdEf`;

describe.skipIf(!examplesExist)('the example stack registers itself', () => {
  beforeAll(async () => {
    const app = appWithProjectContext();
    outdir = app.outdir;
    const stack = new GatehookExampleStack(app, 'Example', { repoRoot: REPO_ROOT, hooks: { registration: {}, rotation: { schedule: Duration.days(30) } } });
    template = Template.fromStack(stack);

    org = await startEmulator({ port: 0, apiTokens: [API_TOKEN], seed: false, scryptCost: 1024, logger: silentLogger });
    okta = createOktaClient({ orgUrl: org.url, auth: { type: 'ssws', token: API_TOKEN } });
    // What GenerateSecretString would have stored for every hook secret, and real credentials for the org.
    const initial: Record<string, string> = {};
    for (const [id] of resourcesOfType(template, 'AWS::SecretsManager::Secret')) {
      initial[arnOf(id)] = id.includes('OktaCredentials') ? JSON.stringify({ orgUrl: org.url, apiToken: API_TOKEN }) : JSON.stringify({ current: `value-of-${id}` });
    }
    secrets = await startSecretsManagerStub(initial);
  });

  afterAll(async () => {
    await hooks?.close();
    await secrets?.close();
    await org?.close();
    rmSync(outdir, { recursive: true, force: true });
  });

  /** The template's value with each intrinsic CloudFormation would resolve replaced by its local stand-in. */
  function resolveIntrinsics(value: unknown, urls: Map<string, string>): unknown {
    if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, urls));
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if ('Ref' in record) return arnOf(String(record.Ref));
      if ('Fn::GetAtt' in record) {
        const [id, attribute] = record['Fn::GetAtt'] as [string, string];
        if (attribute !== 'FunctionUrl' || !urls.has(id)) throw new Error(`unexpected GetAtt ${id}.${attribute}`);
        return urls.get(id);
      }
      return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, resolveIntrinsics(item, urls)]));
    }
    return value;
  }

  it('deploys with every hook registered, active and verified, each with its own secret', async () => {
    const [, registration] = resourcesOfType(template, 'Custom::GatehookRegistration')[0]!;
    const declared = registration.Properties as { InlineHooks: { Name: string; Type: InlineHookType; SecretId: { Ref: string } }[]; EventHook: { SecretId: { Ref: string } } };

    // One local server stands in for all the Function URLs: a path per hook, each checking its own secret.
    const root = new Hono<GatehookEnv>();
    for (const hook of declared.InlineHooks) {
      const app = createHookApp({
        hooks: { [hook.Type]: DEFINITIONS[hook.Type]() } as never,
        auth: { header: { secrets: fromSecretsManager(arnOf(hook.SecretId.Ref), { client: secrets.client() }) } },
        logger: silentLogger,
      });
      root.route(`/fn-${hook.Name}`, app);
    }
    root.route(
      '/fn-events',
      createEventReceiver({ queue: { enqueue: async () => undefined }, auth: { header: { secrets: fromSecretsManager(arnOf(declared.EventHook.SecretId.Ref), { client: secrets.client() }) } } }),
    );
    hooks = await serveNode(root, { port: 0 });

    // Function URL logical id -> the local URL of the hook that function serves.
    const urls = new Map<string, string>();
    const functions = functionsByDescription(template);
    for (const [urlId, url] of resourcesOfType(template, 'AWS::Lambda::Url')) {
      const target = JSON.stringify(url.Properties.TargetFunctionArn);
      const [description] = [...functions].find(([, [fnId]]) => target.includes(fnId))!;
      const inline = /^gatehook (.+) inline hook$/.exec(description);
      urls.set(urlId, inline ? `${hooks.url}/fn-${inline[1]}/hooks/${inline[1]}` : `${hooks.url}/fn-events/hooks/events`);
    }
    // ServiceToken is the framework's own function ARN, which the local framework does not need.
    const { ServiceToken: _serviceToken, ...declaredProperties } = registration.Properties;
    const properties = resolveIntrinsics(declaredProperties, urls) as Record<string, unknown>;

    const response = await startResponseUrl();
    try {
      const onEvent = providerFramework(createRegistrationHandler({ secretsClient: secrets.client(), log: () => undefined }) as (e: unknown) => Promise<unknown>, () => Number(new URL(response.url).port));
      await onEvent({
        RequestType: 'Create',
        ResponseURL: response.url,
        StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Example/1',
        RequestId: 'create-1',
        LogicalResourceId: 'HooksRegistration',
        ResourceType: 'Custom::GatehookRegistration',
        ResourceProperties: properties,
      });
      expect(response.responses.map((r) => [r.Status, r.Reason])).toEqual([['SUCCESS', 'SUCCESS']]);
    } finally {
      await response.close();
    }

    const inline = await inlineHooksApi(okta).listInlineHooks().toArray();
    expect(inline.map((hook) => hook.name).sort()).toEqual(declared.InlineHooks.map((hook) => `gatehook ${hook.Name}`).sort());
    expect(inline.every((hook) => hook.status === 'ACTIVE')).toBe(true);
    const [events] = await eventHooksApi(okta).listEventHooks().toArray();
    expect(events).toMatchObject({ name: 'gatehook events', status: 'ACTIVE', verificationStatus: 'VERIFIED' });
    // The org can call every inline hook: each accepted the value the org was given for it.
    for (const hook of inline) {
      const type = declared.InlineHooks.find((h) => `gatehook ${h.Name}` === hook.name)!.Type;
      const { sampleTokenRequest, sampleRegistrationRequest, samplePasswordImportRequest, sampleUserImportRequest, sampleSamlRequest, sampleTelephonyRequest } = await import('../../src/handlers/index.js');
      const samples = { token: sampleTokenRequest, registration: sampleRegistrationRequest, 'password-import': samplePasswordImportRequest, 'user-import': sampleUserImportRequest, saml: sampleSamlRequest, telephony: sampleTelephonyRequest };
      await expect(inlineHooksApi(okta).executeInlineHook(hook.id!, samples[type]() as unknown as Record<string, unknown>), `${hook.name}`).resolves.toBeDefined();
    }
  });
});

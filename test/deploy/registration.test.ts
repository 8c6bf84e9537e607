import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistrationHandler } from '../../src/deploy/registration/handler.js';
import { readRegistrationProperties } from '../../src/deploy/registration/properties.js';
import { eventHooksApi } from '../../src/sdk/eventHooks.js';
import { inlineHooksApi } from '../../src/sdk/inlineHooks.js';
import { sampleTokenRequest } from '../../src/handlers/index.js';
import {
  deployStack,
  EVENTS_SECRET_ID,
  ORG_SECRET_ID,
  providerFramework,
  REGISTRATION_SECRET_ID,
  startResponseUrl,
  TOKEN_SECRET_ID,
  type CloudFormationResponse,
  type DeployedStack,
} from './helpers.js';

let stack: DeployedStack;
let responseUrl: Awaited<ReturnType<typeof startResponseUrl>>;
let onEvent: (event: Record<string, unknown>) => Promise<void>;
const logLines: string[] = [];
const printed: string[] = [];
let restoreConsole: () => void;

const SECRET_VALUES = ['token-secret-value-one', 'registration-secret-value-one', 'events-secret-value-one', 'deploy-test-api-token-0123456789'];

beforeAll(async () => {
  stack = await deployStack();
  responseUrl = await startResponseUrl();
  const handler = createRegistrationHandler({ secretsClient: stack.secrets.client(), log: (line) => logLines.push(line) });
  onEvent = providerFramework(handler as (event: unknown) => Promise<unknown>, () => Number(new URL(responseUrl.url).port));
  // The framework logs every event it handles: keep those lines to check that no secret is among them.
  const original = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  restoreConsole = () => (console.log = original);
});

afterAll(async () => {
  restoreConsole();
  await responseUrl.close();
  await stack.close();
});

function properties(overrides: Record<string, unknown> = {}) {
  const base = stack.hooks.url;
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:gatehook-registration-framework',
    OrgCredentialsSecretId: ORG_SECRET_ID,
    InlineHooks: [
      { Name: 'token', Type: 'token', Url: `${base}/hooks/token`, SecretId: TOKEN_SECRET_ID },
      { Name: 'registration', Type: 'registration', Url: `${base}/hooks/registration`, SecretId: REGISTRATION_SECRET_ID },
    ],
    EventHook: { Name: 'events', Url: `${base}/hooks/events`, SecretId: EVENTS_SECRET_ID, EventTypes: ['user.lifecycle.create', 'user.lifecycle.deactivate'] },
    ...overrides,
  };
}

let requestCount = 0;
async function send(type: 'Create' | 'Update' | 'Delete', props: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<CloudFormationResponse> {
  const before = responseUrl.responses.length;
  await onEvent({
    RequestType: type,
    ServiceToken: props.ServiceToken,
    ResponseURL: responseUrl.url,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/acme-hooks/1',
    RequestId: `request-${++requestCount}`,
    LogicalResourceId: 'HooksRegistration',
    ResourceType: 'Custom::GatehookRegistration',
    ResourceProperties: props,
    ...extra,
  });
  expect(responseUrl.responses.length).toBe(before + 1);
  return responseUrl.responses.at(-1)!;
}

const inlineHooks = async () => inlineHooksApi(stack.okta).listInlineHooks().toArray();
const eventHooks = async () => eventHooksApi(stack.okta).listEventHooks().toArray();

describe('registration custom resource through the Provider framework', () => {
  let physicalId = '';

  it('Create registers, activates and verifies every hook, and answers SUCCESS with the hook ids', async () => {
    const response = await send('Create', properties());
    expect(response).toMatchObject({ Status: 'SUCCESS', LogicalResourceId: 'HooksRegistration' });
    physicalId = response.PhysicalResourceId;
    expect(physicalId).toMatch(/^gatehook-hooks:gatehook:[0-9a-f]{12}$/);

    const inline = await inlineHooks();
    expect(inline.map((hook) => [hook.name, hook.status, hook.channel?.config?.uri]).sort()).toEqual([
      ['gatehook registration', 'ACTIVE', `${stack.hooks.url}/hooks/registration`],
      ['gatehook token', 'ACTIVE', `${stack.hooks.url}/hooks/token`],
    ]);
    const events = await eventHooks();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ name: 'gatehook events', status: 'ACTIVE', verificationStatus: 'VERIFIED' });
    expect(events[0]!.events?.items).toEqual(['user.lifecycle.create', 'user.lifecycle.deactivate']);
    const token = inline.find((hook) => hook.name === 'gatehook token')!;
    expect(response.Data).toEqual({
      'InlineHookId.token': token.id,
      'InlineHookId.registration': inline.find((hook) => hook.name === 'gatehook registration')!.id,
      EventHookId: events[0]!.id,
    });

    // The org now calls the hook with the secret's current value, and the hook accepts it.
    const executed = await inlineHooksApi(stack.okta).executeInlineHook(token.id!, sampleTokenRequest() as unknown as Record<string, unknown>);
    expect(JSON.stringify(executed)).toContain('deployed');
    expect(stack.calls.filter((call) => call.path === '/hooks/token').at(-1)).toMatchObject({ authorization: 'token-secret-value-one', status: 200 });
  });

  it('a re-run with the same properties changes nothing and keeps the ids', async () => {
    const before = (await inlineHooks()).map((hook) => hook.id).sort();
    const response = await send('Update', properties(), { PhysicalResourceId: physicalId, OldResourceProperties: properties() });
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect((await inlineHooks()).map((hook) => hook.id).sort()).toEqual(before);
    expect(await eventHooks()).toHaveLength(1);
  });

  it('Update moves a hook to its new URL and removes the hooks the stack no longer has', async () => {
    const next = properties({
      InlineHooks: [{ Name: 'token', Type: 'token', Url: `${stack.hooks.url}/hooks/token?v=2`, SecretId: TOKEN_SECRET_ID }],
    });
    const response = await send('Update', next, { PhysicalResourceId: physicalId, OldResourceProperties: properties() });
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    const inline = await inlineHooks();
    expect(inline.map((hook) => [hook.name, hook.channel?.config?.uri])).toEqual([['gatehook token', `${stack.hooks.url}/hooks/token?v=2`]]);
    expect(logLines).toContainEqual(expect.stringMatching(/^removed inline hook "gatehook registration"/));
  });

  it('fails the deployment with a reason when the org cannot verify the event hook', async () => {
    const wrong = properties({ EventHook: { Name: 'events', Url: `${stack.hooks.url}/hooks/events`, SecretId: TOKEN_SECRET_ID, EventTypes: ['user.lifecycle.create'] } });
    const response = await send('Update', wrong, { PhysicalResourceId: physicalId, OldResourceProperties: properties() });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('could not verify event hook "gatehook events"');
  });

  it('fails with the property name when the template is wrong, before touching the org', async () => {
    const before = (await inlineHooks()).length;
    const response = await send('Create', properties({ InlineHooks: [{ Name: 'token', Type: 'tokens', Url: 'http://hooks.example.com/x', SecretId: TOKEN_SECRET_ID }] }));
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('ResourceProperties.InlineHooks[0].Type must be one of token, registration');
    expect((await inlineHooks()).length).toBe(before);
  });

  it('Delete deactivates and removes every hook of the stack', async () => {
    const response = await send('Delete', properties(), { PhysicalResourceId: physicalId });
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(await inlineHooks()).toEqual([]);
    expect(await eventHooks()).toEqual([]);
  });

  it('Delete still succeeds when the org cannot be reached, and says what was left behind', async () => {
    const gone = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gatehook/missing-AbCdEf';
    const response = await send('Delete', properties({ OrgCredentialsSecretId: gone }), { PhysicalResourceId: 'gatehook-hooks:gatehook:000000000000' });
    expect(response.Status).toBe('SUCCESS');
    expect(logLines.at(-1)).toMatch(/could not remove the hooks from the org \(.*ResourceNotFoundException.*\); remove gatehook token, gatehook registration, gatehook events by hand/);
  });

  it('no secret value appears in a response, a log line or what the framework printed', () => {
    const everything = [JSON.stringify(responseUrl.responses), ...logLines, ...printed].join('\n');
    expect(printed.length).toBeGreaterThan(0);
    for (const value of SECRET_VALUES) expect(everything).not.toContain(value);
  });
});

describe('registration properties', () => {
  const valid = {
    OrgCredentialsSecretId: ORG_SECRET_ID,
    InlineHooks: [{ Name: 'token', Type: 'token', Url: 'https://abc.lambda-url.eu-west-1.on.aws/', SecretId: TOKEN_SECRET_ID }],
  };

  it('defaults the name prefix and the header', () => {
    expect(readRegistrationProperties(valid, 'P')).toMatchObject({ namePrefix: 'gatehook', authHeader: 'Authorization', eventHook: undefined });
  });

  it.each([
    [{ ...valid, OrgCredentialsSecretId: '' }, 'P.OrgCredentialsSecretId must be a non-empty string'],
    [{ ...valid, InlineHooks: 'token' }, 'P.InlineHooks must be a list'],
    [{ ...valid, InlineHooks: [{ ...valid.InlineHooks[0], Url: 'http://abc.example.com/' }] }, 'P.InlineHooks[0].Url must be an https URL'],
    [{ ...valid, InlineHooks: [valid.InlineHooks[0], valid.InlineHooks[0]] }, 'P.InlineHooks names "token" twice'],
    [{ ...valid, InlineHooks: [] }, 'P names no hook to register'],
    [{ ...valid, EventHook: { Name: 'events', Url: 'https://e.example.com', SecretId: 's', EventTypes: [] } }, 'P.EventHook.EventTypes must be a non-empty list of event types'],
    [{ ...valid, EventHook: { Name: 'events', Url: 'https://e.example.com', SecretId: 's', EventTypes: ['x'], Filter: ' ' } }, 'P.EventHook.Filter must be a non-empty string when set'],
  ])('refuses %j', (raw, message) => {
    expect(() => readRegistrationProperties(raw, 'P')).toThrow(message);
  });
});

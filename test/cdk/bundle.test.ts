import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleEntryPath } from '../../cdk/lib/example-stack.js';
import { GatehookHooks } from '../../cdk/lib/gatehook-hooks.js';
import {
  FIXTURE_ENTRY,
  REPO_ROOT,
  appWithProjectContext,
  bundledEntry,
  functionUrlEvent,
  functionsByDescription,
  startSecretsManagerStub,
} from './helpers.js';

type UrlHandler = (event: unknown, context?: unknown) => Promise<{ statusCode: number; body?: string }>;

const outdirs: string[] = [];

/**
 * Real esbuild bundling through aws-cdk-lib (local, never Docker) of one token hook entry; returns the
 * path of the staged index.mjs. The assembly lives inside the repository so the bundle's external
 * `@aws-sdk/*` imports resolve from node_modules, as they resolve from the runtime in Lambda.
 */
function bundleTokenHook(entry: string): string {
  const app = appWithProjectContext({ inRepo: true });
  outdirs.push(app.outdir);
  const stack = new Stack(app, 'BundleUnderTest');
  new GatehookHooks(stack, 'Hooks', {
    hooks: [{ name: 'token', entry, type: 'inline', useOktaApi: false }],
    projectRoot: REPO_ROOT,
  });
  const [, fn] = functionsByDescription(Template.fromStack(stack)).get('gatehook token inline hook') ?? [];
  if (!fn) throw new Error('token function missing from the template');
  return bundledEntry(app.outdir, fn);
}

async function loadHandler(bundlePath: string): Promise<UrlHandler> {
  return ((await import(pathToFileURL(bundlePath).href)) as { handler: UrlHandler }).handler;
}

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('bundled fixture entry (hono/aws-lambda)', () => {
  const SECRET = 'fixture-shared-secret-0c41';
  let bundlePath: string;

  beforeAll(() => {
    bundlePath = bundleTokenHook(FIXTURE_ENTRY);
    process.env.HOOK_SECRET = SECRET;
  });
  afterAll(() => {
    delete process.env.HOOK_SECRET;
  });

  it('is a minified ESM module with a source map, the require shim and no AWS SDK inside', () => {
    const code = readFileSync(bundlePath, 'utf8');
    expect(statSync(bundlePath).size).toBeLessThan(200_000);
    expect(code.startsWith('import { createRequire as __gatehookCreateRequire }')).toBe(true);
    expect(code).toMatch(/sourceMappingURL=index\.mjs\.map/);
    expect(code).not.toContain('@aws-sdk/client');
    expect(code.split('\n').length).toBeLessThan(10);
    expect(JSON.parse(readFileSync(`${bundlePath}.map`, 'utf8'))).toMatchObject({ version: 3 });
  });

  it('answers a Function URL event with the hook response', async () => {
    const handler = await loadHandler(bundlePath);
    const eventId = crypto.randomUUID();
    const response = await handler(
      functionUrlEvent({
        path: '/hooks/token',
        headers: { authorization: SECRET },
        body: JSON.stringify({ eventId, eventType: 'com.okta.oauth2.tokens.transform' }),
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({
      commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/echo', value: eventId }] }],
    });
  });

  it('rejects a request with the wrong Authorization header', async () => {
    const handler = await loadHandler(bundlePath);
    const response = await handler(functionUrlEvent({ path: '/hooks/token', headers: { authorization: 'nope' }, body: '{}' }));
    expect(response.statusCode).toBe(401);
  });
});

const TOKEN_EXAMPLE = exampleEntryPath(REPO_ROOT, 'token');

describe.skipIf(!existsSync(TOKEN_EXAMPLE))('bundled example token hook (examples/src/lambda/token.ts)', () => {
  const hookSecretArn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:gatehook/token-AbCdEf';
  const SET_ENV = {
    GATEHOOK_HOOK_SECRET_ID: hookSecretArn,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test-access-key',
    AWS_SECRET_ACCESS_KEY: 'test-secret-key',
    LOG_LEVEL: 'silent',
  };
  let stub: Awaited<ReturnType<typeof startSecretsManagerStub>>;
  let bundlePath: string;
  let handler: UrlHandler;
  let sampleRequest: () => unknown;

  beforeAll(async () => {
    bundlePath = bundleTokenHook(TOKEN_EXAMPLE);
    // The rotation format: both values must be accepted while `previous` is present.
    stub = await startSecretsManagerStub({
      [hookSecretArn]: JSON.stringify({ current: 'rotated-new-value', previous: 'rotated-old-value' }),
    });
    Object.assign(process.env, SET_ENV, { AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.url });
    handler = await loadHandler(bundlePath);
    ({ sampleRequest } = await import('../../src/handlers/token/sample.js'));
  });

  afterAll(async () => {
    for (const key of [...Object.keys(SET_ENV), 'AWS_ENDPOINT_URL_SECRETS_MANAGER']) delete process.env[key];
    await stub?.close();
  });

  const call = (authorization: string) =>
    handler(functionUrlEvent({ path: '/', headers: { authorization }, body: JSON.stringify(sampleRequest()) }));

  it('carries its dependencies but not the AWS SDK, emulator or CLI', () => {
    const code = readFileSync(bundlePath, 'utf8');
    console.log(`examples/src/lambda/token.ts bundle: ${statSync(bundlePath).size} bytes`);
    expect(statSync(bundlePath).size).toBeLessThan(400_000);
    // The secret is read with a signed request: no AWS SDK import at all (the SDK is only for a client a caller passes).
    expect(code).not.toMatch(/(?:from\s*|import\()"@aws-sdk\//);
    expect(code).not.toMatch(/SignatureV4|@smithy/);
    expect(code).not.toContain('node:sqlite');
  });

  it.each(['rotated-new-value', 'rotated-old-value'])(
    'answers a Function URL event with 200 and commands when Okta sends %s',
    async (secret) => {
      const response = await call(secret);
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body ?? '{}')).toHaveProperty('commands');
      expect(stub.requests.map((r) => `${r.target} ${String(r.body.SecretId)}`)).toContain(`secretsmanager.GetSecretValue ${hookSecretArn}`);
    },
  );

  it('rejects a wrong Authorization header without echoing the secret', async () => {
    const response = await call('not-the-secret');
    expect(response.statusCode).toBe(401);
    expect(response.body ?? '').not.toContain('rotated-');
  });
});

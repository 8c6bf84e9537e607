import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehookConfigError } from '../../cdk/lib/errors.js';
import { EXAMPLE_INLINE_HOOKS, GatehookExampleStack } from '../../cdk/lib/example-stack.js';
import {
  REPO_ROOT,
  bundledEntry,
  examplesExist,
  functionUrlEvent,
  functionsByDescription,
  startSecretsManagerStub,
} from './helpers.js';

// What one hook's bundle may weigh: hono, zod/mini, jose and the gatehook code it uses; the SDK stays out.
const BUNDLE_BUDGET_BYTES = 400_000;

it('names the missing entry when the example app is incomplete', () => {
  let error: unknown;
  try {
    new GatehookExampleStack(new App(), 'Missing', { repoRoot: '/nonexistent-gatehook-root' });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(GatehookConfigError);
  expect((error as Error).message).toContain('/nonexistent-gatehook-root/examples/src/lambda/token.ts');
});

/** Only what a process needs to run: no AWS credentials, profiles or endpoints leak in from the host. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && !key.startsWith('CDK_')) env[key] = value;
  }
  return {
    ...env,
    CDK_DISABLE_VERSION_CHECK: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

// `cdk synth` as `npm run synth` runs it: from cdk/, with cdk/cdk.json, without credentials or Docker.
// Until every example entry exists, the fixture app stands in for cdk/bin/app.ts.
describe(examplesExist ? 'cdk synth of cdk/bin/app.ts' : 'cdk synth of the fixture app', () => {
  const stackName = examplesExist ? 'GatehookExample' : 'GatehookFixture';
  let outdir: string;
  let template: Template;
  let status: number | null;
  let stderr: string;

  beforeAll(() => {
    mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    outdir = mkdtempSync(join(REPO_ROOT, 'test-artifacts', 'cdk-cli-'));
    const appArgs = examplesExist ? [] : ['--app', 'npx tsx ../test/cdk/fixtures/fixture-app.ts'];
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'), 'synth', '--quiet', '-o', outdir, ...appArgs],
      { cwd: join(REPO_ROOT, 'cdk'), env: offlineEnv(), encoding: 'utf8', timeout: 150_000 },
    );
    console.log(`cdk synth (${stackName}) took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    status = result.status;
    stderr = result.stderr ?? '';
    if (status === 0) {
      template = Template.fromJSON(JSON.parse(readFileSync(join(outdir, `${stackName}.template.json`), 'utf8')));
    }
  }, 160_000);

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('succeeds and stays environment-agnostic (no account or region looked up)', () => {
    expect(status, stderr.slice(-2000)).toBe(0);
    expect(stderr).not.toMatch(/docker/i);
    expect(readFileSync(join(outdir, 'manifest.json'), 'utf8')).toContain('aws://unknown-account/unknown-region');
  });

  it.skipIf(!examplesExist)('deploys every example hook and the event pipeline, with a URL output for each', () => {
    expect(functionsByDescription(template).size).toBe(EXAMPLE_INLINE_HOOKS.length + 2);
    const urls = Object.values(template.findOutputs('*')).filter((o) =>
      String((o as { Description?: string }).Description).endsWith('hook URL'),
    );
    expect(urls).toHaveLength(EXAMPLE_INLINE_HOOKS.length + 1);
  });

  it('bundles each entry as ESM with the require shim, within the size budget, SDK left out', () => {
    const sizes: Record<string, number> = {};
    for (const [description, [, fn]] of functionsByDescription(template)) {
      const path = bundledEntry(outdir, fn);
      sizes[description] = statSync(path).size;
      const code = readFileSync(path, 'utf8');
      expect(code.startsWith('import { createRequire as __gatehookCreateRequire }')).toBe(true);
      expect(code).not.toMatch(/@aws-sdk\/client-[a-z-]+\/dist-/);
    }
    console.log('bundle sizes (bytes):', JSON.stringify(sizes, null, 1));
    for (const size of Object.values(sizes)) expect(size).toBeLessThan(BUNDLE_BUDGET_BYTES);
  });

  it.skipIf(!examplesExist)('has a receiver bundle that answers Okta\'s verification challenge', async () => {
    const secretArn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:gatehook/events-MnOpQr';
    const stub = await startSecretsManagerStub({ [secretArn]: JSON.stringify({ current: 'events-hook-value' }) });
    const env = {
      GATEHOOK_HOOK_SECRET_ID: secretArn,
      GATEHOOK_EVENTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/never-called',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test-access-key',
      AWS_SECRET_ACCESS_KEY: 'test-secret-key',
      LOG_LEVEL: 'silent',
    };
    Object.assign(process.env, env);
    try {
      const [, receiver] = [...functionsByDescription(template).values()].find(([, fn]) =>
        String(fn.Properties.Description).includes('receiver'),
      ) ?? [];
      if (!receiver) throw new Error('receiver missing');
      const { handler } = (await import(pathToFileURL(bundledEntry(outdir, receiver)).href)) as {
        handler: (event: unknown) => Promise<{ statusCode: number; body?: string }>;
      };
      const challenge = (authorization: string) => {
        const event = functionUrlEvent({
          path: '/',
          headers: { authorization, 'x-okta-verification-challenge': 'challenge-7Qw' },
          body: '',
        });
        event.requestContext.http.method = 'GET';
        return handler({ ...event, body: undefined });
      };
      const ok = await challenge('events-hook-value');
      expect(ok.statusCode).toBe(200);
      expect(JSON.parse(ok.body ?? '{}')).toEqual({ verification: 'challenge-7Qw' });
      expect((await challenge('wrong-value')).statusCode).toBe(401);
    } finally {
      for (const key of Object.keys(env)) delete process.env[key];
      await stub.close();
    }
  });
});

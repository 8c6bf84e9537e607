import { resolve } from 'node:path';
import { UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromSecretsManager, readSecretString } from '../../src/secrets/secrets-manager.js';
import { startSecretsManagerStub, type SecretsManagerStub } from '../support/secrets-manager-stub.js';

let stub: SecretsManagerStub;
let secrets: Map<string, string>;
let requests: SecretsManagerStub['requests'];

beforeAll(async () => {
  stub = await startSecretsManagerStub();
  ({ secrets, requests } = stub);
});

afterAll(() => stub.close());

beforeEach(() => {
  secrets.clear();
  requests.length = 0;
});

const client = () => stub.client();

describe('fromSecretsManager (real SDK client, local endpoint)', () => {
  it('reads a plain secret with the GetSecretValue JSON protocol', async () => {
    secrets.set('gatehook/hook', 'Basic Z2F0ZTpob29r');
    const source = fromSecretsManager('gatehook/hook', { client: client() });
    expect(await source.get()).toEqual(['Basic Z2F0ZTpob29r']);
    // AWSCURRENT, and AWSPENDING in case a rotation is under way.
    expect(requests).toEqual([
      { target: 'secretsmanager.GetSecretValue', contentType: 'application/x-amz-json-1.1', body: { SecretId: 'gatehook/hook' } },
      { target: 'secretsmanager.GetSecretValue', contentType: 'application/x-amz-json-1.1', body: { SecretId: 'gatehook/hook', VersionStage: 'AWSPENDING' } },
    ]);
  });

  it('accepts the AWSPENDING values while a rotation is under way, and only the current ones after it', async () => {
    secrets.set('s', JSON.stringify({ current: 'old' }));
    const token = stub.startRotation('s');
    const list = stub.versions.get('s')!;
    list.find((v) => v.versionId === token)!.value = JSON.stringify({ current: 'new', previous: 'old' });
    expect(await fromSecretsManager('s', { client: client() }).get()).toEqual(['old', 'new']);
    await client().send(new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: list[0]!.versionId }));
    expect(await fromSecretsManager('s', { client: client() }).get()).toEqual(['new', 'old']);
    secrets.set('s', JSON.stringify({ current: 'newer' }));
    expect(await fromSecretsManager('s', { client: client() }).get()).toEqual(['newer']);
  });

  it('fails closed when the pending version cannot be read for a reason other than its absence', async () => {
    secrets.set('s', 'one');
    const token = stub.startRotation('s');
    stub.versions.get('s')!.find((v) => v.versionId === token)!.value = '{"current": ';
    await expect(fromSecretsManager('s', { client: client() }).get()).rejects.toMatchObject({ code: 'ERR_SECRET_FORMAT' });
  });

  it('reads the {current, previous} rotation format', async () => {
    secrets.set('gatehook/hook', JSON.stringify({ current: 'new', previous: 'old' }));
    expect(await fromSecretsManager('gatehook/hook', { client: client() }).get()).toEqual(['new', 'old']);
  });

  it('caches within the TTL and re-reads after it', async () => {
    let now = 0;
    secrets.set('s', 'one');
    const source = fromSecretsManager('s', { client: client(), ttlMs: 1000, now: () => now });
    expect(await source.get()).toEqual(['one']);
    secrets.set('s', 'two');
    now = 500;
    expect(await source.get()).toEqual(['one']);
    now = 1000;
    expect(await source.get()).toEqual(['two']);
    expect(requests).toHaveLength(4);
  });

  it('picks up a rotation on a miss (forced refresh), at most once per interval', async () => {
    let now = 0;
    secrets.set('s', 'one');
    const source = fromSecretsManager('s', { client: client(), ttlMs: 300_000, minRefreshMs: 10_000, now: () => now });
    await source.get();
    secrets.set('s', JSON.stringify({ current: 'two', previous: 'one' }));
    now = 5_000;
    expect(await source.get({ forceRefresh: true })).toEqual(['one']);
    now = 10_000;
    expect(await source.get({ forceRefresh: true })).toEqual(['two', 'one']);
    expect(requests).toHaveLength(4);
  });

  it('reports a missing secret by id, with a stable code', async () => {
    await expect(fromSecretsManager('missing', { client: client() }).get()).rejects.toMatchObject({
      code: 'ERR_SECRET_FETCH_FAILED',
      message: 'reading secret missing failed: ResourceNotFoundException',
    });
  });

  it('rejects a bad stored format without echoing the value', async () => {
    secrets.set('s', '{"current": "super-secret-value", ');
    const err = await readSecretString(client(), 's').then(() => fromSecretsManager('s', { client: client() }).get()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_SECRET_FORMAT' });
    expect((err as Error).message).not.toContain('super-secret-value');
  });

  it('needs a secret id', () => {
    expect(() => fromSecretsManager('')).toThrow(/GATEHOOK_HOOK_SECRET_ID/);
  });
});

describe('loading the AWS SDK', () => {
  // A fresh process would show the same, but only as a timing; the bundle's import graph shows it exactly.
  it('is left to the first read, so a Lambda whose secret comes from the environment never loads it', async () => {
    const result = await build({
      entryPoints: [resolve(import.meta.dirname, '../../src/runtime/lambda.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      external: ['@aws-sdk/*'],
      metafile: true,
      logLevel: 'silent',
    });
    const output = Object.values(result.metafile.outputs)[0]!;
    expect(output.imports.filter((i) => i.path.startsWith('@aws-sdk/'))).toEqual([
      { path: '@aws-sdk/client-secrets-manager', kind: 'dynamic-import', external: true },
    ]);
  });
});

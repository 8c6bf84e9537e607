import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface RecordedRequest {
  target: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

export interface StubVersion {
  versionId: string;
  /** Undefined for the placeholder RotateSecret makes before the rotation function writes the value. */
  value: string | undefined;
  stages: string[];
}

export interface SecretsManagerStub {
  url: string;
  /** AWSCURRENT values by id (name or ARN); `set` writes a new current version, to simulate a rotation by hand. */
  secrets: Map<string, string>;
  /** Every version of every secret, with its stages. */
  versions: Map<string, StubVersion[]>;
  requests: RecordedRequest[];
  /** What RotateSecret does before it calls the rotation function: a version with AWSPENDING and no value yet. */
  startRotation(secretId: string, versionId?: string): string;
  /** The real AWS SDK client pointed at the stub. */
  client(): SecretsManagerClient;
  close(): Promise<void>;
}

type Reply = { status: number; body: Record<string, unknown> };
const notFound = (message = "Secrets Manager can't find the specified secret."): Reply => ({ status: 400, body: { __type: 'ResourceNotFoundException', message } });
const invalid = (message: string): Reply => ({ status: 400, body: { __type: 'InvalidRequestException', message } });

/**
 * A stand-in for Secrets Manager on 127.0.0.1 speaking its JSON 1.1 protocol: GetSecretValue (by stage or
 * version), DescribeSecret, PutSecretValue and UpdateSecretVersionStage with Secrets Manager's stage rules,
 * so the real AWS SDK (in-process, or a bundle via AWS_ENDPOINT_URL_SECRETS_MANAGER) and a rotation run offline.
 */
export async function startSecretsManagerStub(initial: Record<string, string> = {}, options: { rotationEnabled?: boolean } = {}): Promise<SecretsManagerStub> {
  const versions = new Map<string, StubVersion[]>();
  const requests: RecordedRequest[] = [];

  const moveStage = (list: StubVersion[], stage: string, to: StubVersion) => {
    for (const version of list) version.stages = version.stages.filter((s) => s !== stage);
    to.stages.push(stage);
  };
  const putCurrent = (secretId: string, value: string) => {
    const list = versions.get(secretId) ?? [];
    versions.set(secretId, list);
    const version: StubVersion = { versionId: crypto.randomUUID(), value, stages: [] };
    const current = list.find((v) => v.stages.includes('AWSCURRENT'));
    if (current) moveStage(list, 'AWSPREVIOUS', current);
    moveStage(list, 'AWSCURRENT', version);
    list.push(version);
  };

  class CurrentValues extends Map<string, string> {
    override set(key: string, value: string): this {
      putCurrent(key, value);
      return this;
    }
    override get(key: string): string | undefined {
      return versions.get(key)?.find((v) => v.stages.includes('AWSCURRENT'))?.value;
    }
    override has(key: string): boolean {
      return this.get(key) !== undefined;
    }
    override delete(key: string): boolean {
      return versions.delete(key);
    }
    override clear(): void {
      versions.clear();
    }
  }
  const secrets = new CurrentValues();
  for (const [id, value] of Object.entries(initial)) secrets.set(id, value);

  const arnOf = (secretId: string) => (secretId.startsWith('arn:') ? secretId : `arn:aws:secretsmanager:us-east-1:123456789012:secret:${secretId}-AbCdEf`);

  function answer(target: string | undefined, body: Record<string, unknown>): Reply {
    const secretId = String(body.SecretId ?? '');
    const list = versions.get(secretId);
    if (!list) return notFound();
    switch (target) {
      case 'secretsmanager.GetSecretValue': {
        const stage = typeof body.VersionStage === 'string' ? body.VersionStage : body.VersionId ? undefined : 'AWSCURRENT';
        const version = list.find((v) => (body.VersionId === undefined || v.versionId === body.VersionId) && (stage === undefined || v.stages.includes(stage)));
        if (!version || version.value === undefined) return notFound("Secrets Manager can't find the specified secret value for staging label: " + (stage ?? 'none'));
        return {
          status: 200,
          body: { ARN: arnOf(secretId), Name: secretId, SecretString: version.value, VersionId: version.versionId, VersionStages: version.stages, CreatedDate: Date.now() / 1000 },
        };
      }
      case 'secretsmanager.DescribeSecret':
        return {
          status: 200,
          body: {
            ARN: arnOf(secretId),
            Name: secretId,
            RotationEnabled: options.rotationEnabled ?? true,
            VersionIdsToStages: Object.fromEntries(list.filter((v) => v.stages.length > 0).map((v) => [v.versionId, [...v.stages]])),
          },
        };
      case 'secretsmanager.PutSecretValue': {
        const versionId = String(body.ClientRequestToken ?? crypto.randomUUID());
        const stages = Array.isArray(body.VersionStages) ? (body.VersionStages as string[]) : ['AWSCURRENT'];
        let version = list.find((v) => v.versionId === versionId);
        if (version?.value !== undefined && version.value !== body.SecretString) return { status: 400, body: { __type: 'ResourceExistsException', message: 'A version with this token already exists with another value.' } };
        if (!version) {
          version = { versionId, value: undefined, stages: [] };
          list.push(version);
        }
        version.value = String(body.SecretString);
        for (const stage of stages) if (!version.stages.includes(stage)) moveStage(list, stage, version);
        return { status: 200, body: { ARN: arnOf(secretId), Name: secretId, VersionId: versionId, VersionStages: version.stages } };
      }
      case 'secretsmanager.UpdateSecretVersionStage': {
        const stage = String(body.VersionStage);
        const to = list.find((v) => v.versionId === body.MoveToVersionId);
        const holder = list.find((v) => v.stages.includes(stage));
        if (holder && holder !== to && holder.versionId !== body.RemoveFromVersionId) return invalid(`The staging label ${stage} is attached to version ${holder.versionId}; name it in RemoveFromVersionId.`);
        if (!to) return notFound('No such version.');
        if (stage === 'AWSCURRENT' && holder && holder !== to) {
          moveStage(list, 'AWSPREVIOUS', holder);
          // Secrets Manager drops AWSPENDING from the version that becomes current.
          to.stages = to.stages.filter((s) => s !== 'AWSPENDING');
        }
        moveStage(list, stage, to);
        return { status: 200, body: { ARN: arnOf(secretId), Name: secretId } };
      }
      default:
        return invalid(`the stub does not model ${String(target)}`);
    }
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      const target = req.headers['x-amz-target'] as string | undefined;
      requests.push({ target, contentType: req.headers['content-type'], body });
      const reply = answer(target, body);
      res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1', ...(reply.status >= 400 ? { 'x-amzn-errortype': String(reply.body.__type) } : {}) });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    secrets,
    versions,
    requests,
    startRotation(secretId, versionId = crypto.randomUUID()) {
      const list = versions.get(secretId);
      if (!list) throw new Error(`no secret ${secretId}`);
      const version: StubVersion = { versionId, value: undefined, stages: [] };
      list.push(version);
      moveStage(list, 'AWSPENDING', version);
      return versionId;
    },
    client: () =>
      new SecretsManagerClient({
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-only' },
        maxAttempts: 1,
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

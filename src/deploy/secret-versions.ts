/**
 * The few Secrets Manager calls deployment needs (read by stage, write a staged version, move a stage,
 * describe), over the AWS SDK client the function already has. Errors name the secret and the call,
 * never a value.
 */
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

export class SecretAccessError extends Error {
  override readonly name = 'SecretAccessError';
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'unknown error');
const isNotFound = (error: unknown) => error instanceof Error && error.name === 'ResourceNotFoundException';

export interface SecretVersion {
  readonly versionId: string;
  readonly value: string;
}

export interface SecretDescription {
  readonly rotationEnabled: boolean;
  /** Stages by version id. */
  readonly versions: Readonly<Record<string, readonly string[]>>;
}

export class SecretVersions {
  readonly #client: SecretsManagerClient;
  constructor(client: SecretsManagerClient) {
    this.#client = client;
  }

  /** The version a stage (or version id) points at; undefined when there is none. */
  async read(secretId: string, select: { stage: string } | { versionId: string; stage?: string }): Promise<SecretVersion | undefined> {
    const input = 'versionId' in select ? { SecretId: secretId, VersionId: select.versionId, VersionStage: select.stage } : { SecretId: secretId, VersionStage: select.stage };
    let out;
    try {
      out = await this.#client.send(new GetSecretValueCommand(input));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new SecretAccessError('ERR_SECRET_FETCH_FAILED', `reading secret ${secretId} failed: ${errorName(error)}`, { cause: error });
    }
    if (typeof out.SecretString !== 'string' || typeof out.VersionId !== 'string') {
      throw new SecretAccessError('ERR_SECRET_FORMAT', `secret ${secretId} has no SecretString (binary secrets are not supported)`);
    }
    return { versionId: out.VersionId, value: out.SecretString };
  }

  async describe(secretId: string): Promise<SecretDescription> {
    try {
      const out = await this.#client.send(new DescribeSecretCommand({ SecretId: secretId }));
      return { rotationEnabled: out.RotationEnabled === true, versions: out.VersionIdsToStages ?? {} };
    } catch (error) {
      throw new SecretAccessError('ERR_SECRET_DESCRIBE_FAILED', `describing secret ${secretId} failed: ${errorName(error)}`, { cause: error });
    }
  }

  async putPending(secretId: string, versionId: string, value: string): Promise<void> {
    try {
      await this.#client.send(new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: versionId, SecretString: value, VersionStages: ['AWSPENDING'] }));
    } catch (error) {
      throw new SecretAccessError('ERR_SECRET_WRITE_FAILED', `writing the pending version of ${secretId} failed: ${errorName(error)}`, { cause: error });
    }
  }

  /** Moves AWSCURRENT to `versionId` (Secrets Manager then labels the old one AWSPREVIOUS). */
  async promote(secretId: string, versionId: string, fromVersionId: string | undefined): Promise<void> {
    try {
      await this.#client.send(
        new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: versionId, ...(fromVersionId ? { RemoveFromVersionId: fromVersionId } : {}) }),
      );
    } catch (error) {
      throw new SecretAccessError('ERR_SECRET_STAGE_FAILED', `moving AWSCURRENT of ${secretId} failed: ${errorName(error)}`, { cause: error });
    }
  }
}

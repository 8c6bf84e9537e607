import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface RecordedRequest {
  target: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

export interface SecretsManagerStub {
  url: string;
  /** Secret values by id (name or ARN); change them to simulate a rotation. */
  secrets: Map<string, string>;
  requests: RecordedRequest[];
  /** The real AWS SDK client pointed at the stub. */
  client(): SecretsManagerClient;
  close(): Promise<void>;
}

/**
 * A stand-in for Secrets Manager on 127.0.0.1 speaking its JSON 1.1 protocol, enough for GetSecretValue,
 * so the real AWS SDK (in-process, or a bundle via AWS_ENDPOINT_URL_SECRETS_MANAGER) runs offline.
 */
export async function startSecretsManagerStub(initial: Record<string, string> = {}): Promise<SecretsManagerStub> {
  const secrets = new Map(Object.entries(initial));
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      const target = req.headers['x-amz-target'] as string | undefined;
      requests.push({ target, contentType: req.headers['content-type'], body });
      const secretId = String(body.SecretId ?? '');
      const value = secrets.get(secretId);
      if (target !== 'secretsmanager.GetSecretValue' || value === undefined) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ResourceNotFoundException' });
        res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          ARN: secretId.startsWith('arn:') ? secretId : `arn:aws:secretsmanager:us-east-1:123456789012:secret:${secretId}-AbCdEf`,
          Name: secretId,
          SecretString: value,
          VersionId: crypto.randomUUID(),
          VersionStages: ['AWSCURRENT'],
          CreatedDate: Date.now() / 1000,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    secrets,
    requests,
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

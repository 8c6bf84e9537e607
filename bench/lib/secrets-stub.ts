import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsStub {
  /** Environment that points the AWS SDK in a child at this stub. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A loopback stand-in for Secrets Manager's GetSecretValue, so the example Lambda entries run their
 * real secret path (sign or load the SDK, call, parse) on a cold start without an AWS account; it also
 * answers the Parameters and Secrets extension's GET with the same JSON.
 */
export async function startSecretsStub(secretId: string, secretString: string): Promise<SecretsStub> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({
        ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${secretId}-AbCdEf`,
        Name: secretId,
        SecretString: secretString,
        VersionId: '00000000-0000-4000-8000-000000000000',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Date.now() / 1000,
      });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(body) }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    env: {
      GATEHOOK_HOOK_SECRET_ID: secretId,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIABENCHONLY0000000',
      AWS_SECRET_ACCESS_KEY: 'bench-only-not-a-secret',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
      // The extension's protocol is a GET on its port; the stub answers it with the same JSON.
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String((server.address() as AddressInfo).port),
      AWS_SESSION_TOKEN: 'bench-session',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

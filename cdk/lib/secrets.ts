import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/**
 * The secret Okta sends verbatim in the `Authorization` header. CloudFormation generates the value, so it
 * never appears in the template. It is stored as `{"current": "..."}`; to rotate, write
 * `{"current": "<new>", "previous": "<old>"}`, update the hook in Okta, then drop `previous`.
 * The handler accepts both values while `previous` is present.
 */
export function hookSecret(scope: Construct, id: string, hookName: string, existingArn?: string): ISecret {
  if (existingArn) return Secret.fromSecretCompleteArn(scope, id, existingArn);
  return new Secret(scope, id, {
    description: `gatehook ${hookName}: Authorization header value Okta sends. JSON {"current","previous"?}.`,
    generateSecretString: {
      secretStringTemplate: '{}',
      generateStringKey: 'current',
      passwordLength: 48,
      // Header-safe: no quotes, commas or spaces that a proxy or Okta's admin UI could mangle.
      excludePunctuation: true,
    },
  });
}

/**
 * Org API credentials. When no existing secret is given, a placeholder is created with a generated,
 * non-working `apiToken`: replace it after deploy with a real SSWS token, or with the OAuth form
 * `{"orgUrl","clientId","privateKey","keyId"?,"scopes"}`.
 */
export function oktaCredentialsSecret(
  scope: Construct,
  id: string,
  options: { existingArn?: string | undefined; orgUrl?: string | undefined },
): ISecret {
  if (options.existingArn) return Secret.fromSecretCompleteArn(scope, id, options.existingArn);
  return new Secret(scope, id, {
    description: 'gatehook: Okta org API credentials (placeholder until replaced). JSON {"orgUrl","apiToken"}.',
    generateSecretString: {
      secretStringTemplate: JSON.stringify({ orgUrl: options.orgUrl ?? 'https://example.okta.com' }),
      generateStringKey: 'apiToken',
      passwordLength: 42,
      excludePunctuation: true,
    },
  });
}

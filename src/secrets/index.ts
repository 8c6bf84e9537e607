export type { SecretGetOptions, SecretSource } from './types.js';
export { SecretSourceError } from './types.js';
export { parseHookSecret } from './format.js';
export { cachedSource } from './cache.js';
export type { CachedSourceOptions } from './cache.js';
export { fromEnv, fromValues } from './env.js';
export { fromSecretsManager, readSecretString } from './secrets-manager.js';
export type { SecretsManagerSourceOptions } from './secrets-manager.js';

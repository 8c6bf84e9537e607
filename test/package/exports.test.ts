import { describe, expect, it } from 'vitest';

// The import paths the README documents; a renamed module breaks this test, not a user's build.
describe('package exports', () => {
  it('resolves every documented entry point through the package name', async () => {
    const token = await import('gatehook/handlers/token');
    const events = await import('gatehook/events');
    const app = await import('gatehook/runtime/app');
    const lambda = await import('gatehook/runtime/lambda');
    const node = await import('gatehook/runtime/node');
    const secrets = await import('gatehook/secrets');
    const jwt = await import('gatehook/middleware/verify-jwt');
    const client = await import('gatehook/sdk/client');
    const users = await import('gatehook/sdk/users');
    const root = await import('gatehook');
    expect(typeof token.tokenHook).toBe('function');
    expect(typeof root.registrationHook).toBe('function');
    expect(typeof events.eventHook).toBe('function');
    expect(typeof app.createHookApp).toBe('function');
    expect(typeof lambda.createLambdaHandler).toBe('function');
    expect(typeof node.serveNode).toBe('function');
    expect(typeof secrets.fromEnv).toBe('function');
    expect(typeof jwt.verifyJwt).toBe('function');
    expect(typeof client.createOktaClient).toBe('function');
    expect(typeof users.usersApi).toBe('function');
  });
});

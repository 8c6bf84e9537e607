/**
 * An org emulator in the test's own process, on 127.0.0.1: a fresh in-memory org with the users a test
 * names, an API token, and a Management API client for it. Stop it in `afterAll`.
 */
import { randomBytes } from 'node:crypto';
import { silentLogger, startEmulator, type RunningEmulator } from '../emulator/server.js';
import { createOktaClient, type OktaClient } from '../sdk/client.js';

export interface TestUser {
  login: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  /** Set to give the user a password (ACTIVE); without one the user is STAGED. */
  password?: string;
  /** Other profile attributes. */
  profile?: Record<string, unknown>;
}

export interface TestOrgOptions {
  users?: TestUser[];
  /** Seed the emulator's demo org as well (default false: only the users given). */
  demo?: boolean;
}

export interface TestOrg {
  url: string;
  apiToken: string;
  okta: OktaClient;
  /** Ids of the created users, by login. */
  users: Record<string, string>;
  emulator: RunningEmulator;
  stop(): Promise<void>;
}

export async function startTestOrg(options: TestOrgOptions = {}): Promise<TestOrg> {
  const apiToken = `test-${randomBytes(16).toString('hex')}`;
  const emulator = await startEmulator({ port: 0, apiTokens: [apiToken], seed: options.demo ?? false, scryptCost: 1024, logger: silentLogger });
  const okta = createOktaClient({ orgUrl: emulator.url, auth: { type: 'ssws', token: apiToken } });
  const users: Record<string, string> = {};
  try {
    for (const user of options.users ?? []) {
      const [local = user.login] = user.login.split('@');
      const profile = { login: user.login, email: user.email ?? user.login, firstName: user.firstName ?? local, lastName: user.lastName ?? 'Test', ...user.profile };
      const response = await fetch(`${emulator.url}/api/v1/users?activate=${user.password ? 'true' : 'false'}`, {
        method: 'POST',
        headers: { authorization: `SSWS ${apiToken}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ profile, ...(user.password ? { credentials: { password: { value: user.password } } } : {}) }),
      });
      const body = (await response.json()) as { id?: string; errorSummary?: string; errorCauses?: { errorSummary: string }[] };
      if (!response.ok || !body.id) throw new Error(`creating test user ${user.login} failed: ${response.status} ${body.errorSummary ?? ''} ${(body.errorCauses ?? []).map((c) => c.errorSummary).join('; ')}`);
      users[user.login] = body.id;
    }
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return { url: emulator.url, apiToken, okta, users, emulator, stop: () => emulator.close() };
}

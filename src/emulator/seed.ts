import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { EmulatorDeps } from './context.js';
import { newId, randomBase62 } from './ids.js';
import { hashSecret } from './password.js';
import { inTransaction } from './store/db.js';
import { appFromRequest } from './apps/app-document.js';
import { newGroupDoc } from './documents.js';
import { seedHistory } from './seed-history.js';
import type { GroupDoc, UserDoc, UserSecret, UserStatus } from './store/types.js';
import { DEFAULT_USER_TYPE_ID } from './users.js';
import { seedDemoOidcApps } from './oidc/demo-apps.js';

/** Password of the seeded demo users that have one (development only; printed by the CLI). */
export const DEMO_PASSWORD = 'Gatehook-Demo-2024';
const SEEDED = 'seed.version';
const DEMO_CLIENT_KEY = 'seed.demoClientPrivateJwk';

interface DemoPerson {
  firstName: string;
  lastName: string;
  status: UserStatus;
  title: string;
  department: string;
  city: string;
  groups: string[];
}

const PEOPLE: DemoPerson[] = [
  { firstName: 'Alice', lastName: 'Nguyen', status: 'ACTIVE', title: 'Staff Engineer', department: 'Engineering', city: 'Seattle', groups: ['Engineering', 'Admins'] },
  { firstName: 'Bruno', lastName: 'Martins', status: 'ACTIVE', title: 'Account Executive', department: 'Sales', city: 'Austin', groups: ['Sales'] },
  { firstName: 'Chiara', lastName: 'Rossi', status: 'PROVISIONED', title: 'Product Designer', department: 'Design', city: 'Milan', groups: ['Engineering'] },
  { firstName: 'Dmitri', lastName: 'Volkov', status: 'STAGED', title: 'Data Analyst', department: 'Finance', city: 'Berlin', groups: [] },
  { firstName: 'Esther', lastName: 'Okafor', status: 'SUSPENDED', title: 'Support Lead', department: 'Support', city: 'Lagos', groups: ['Sales'] },
  { firstName: 'Farid', lastName: 'Haddad', status: 'LOCKED_OUT', title: 'SRE', department: 'Engineering', city: 'Dubai', groups: ['Engineering'] },
  { firstName: 'Grace', lastName: 'Kim', status: 'PASSWORD_EXPIRED', title: 'Recruiter', department: 'People', city: 'Toronto', groups: [] },
  { firstName: 'Hugo', lastName: 'Lefebvre', status: 'DEPROVISIONED', title: 'Contractor', department: 'Engineering', city: 'Lyon', groups: [] },
];

const GROUPS: Record<string, string> = {
  Engineering: 'Everyone who builds and runs the product',
  Sales: 'Account executives and support',
  Admins: 'Org administrators',
};

/** Fills an empty org with demo users, groups and an OAuth service app, and their history in the System Log, once per data file. */
export async function seedDemoOrg(deps: EmulatorDeps): Promise<void> {
  const { store } = deps;
  // Data files seeded before the OIDC demo apps (or their assignments) existed get them too.
  if (store.meta.get(SEEDED)) {
    inTransaction(store.db, () => {
      const added = seedDemoOidcApps(deps);
      for (const event of seedHistory({ groups: [], users: [], ...added }, deps.clock)) store.logs.append(event);
    });
    return;
  }
  const now = deps.clock.now().toISOString();
  const passwordHash = await hashSecret(DEMO_PASSWORD, deps.settings.scryptCost);
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBase62(16);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  const app = await appFromRequest(
    {
      name: 'oidc_client',
      label: 'Gatehook demo service',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt', autoKeyRotation: false } },
      settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'], jwks: { keys: [publicJwk] } } },
    },
    { id: newId('app'), now, active: true, nameTaken: () => false },
  );

  inTransaction(store.db, () => {
    const groups = new Map<string, GroupDoc>();
    for (const [name, description] of Object.entries(GROUPS)) {
      const group = newGroupDoc(newId('group'), { name, description }, now);
      store.groups.insert(group);
      groups.set(name, group);
    }
    const users: { user: UserDoc; groups: GroupDoc[] }[] = [];
    PEOPLE.forEach((person, index) => {
      const login = `${person.firstName}.${person.lastName}@example.com`.toLowerCase();
      const withPassword = person.status !== 'STAGED' && person.status !== 'PROVISIONED';
      const user: UserDoc = {
        id: newId('user'),
        status: person.status,
        created: now,
        activated: person.status === 'STAGED' ? null : now,
        statusChanged: person.status === 'STAGED' ? null : now,
        lastLogin: null,
        lastUpdated: now,
        passwordChanged: withPassword ? now : null,
        type: { id: DEFAULT_USER_TYPE_ID },
        profile: {
          login,
          email: login,
          firstName: person.firstName,
          lastName: person.lastName,
          displayName: `${person.firstName} ${person.lastName}`,
          title: person.title,
          department: person.department,
          city: person.city,
          employeeNumber: String(10_001 + index),
          mobilePhone: `+1555010${String(index).padStart(4, '0')}`,
          locale: 'en_US',
          timezone: 'America/Los_Angeles',
        },
        credentials: {
          provider: { type: 'OKTA', name: 'OKTA' },
          ...(withPassword ? { password: {} } : {}),
          emails: [{ value: login, status: 'VERIFIED', type: 'PRIMARY' }],
        },
      };
      const secret: UserSecret = { failedLogins: person.status === 'LOCKED_OUT' ? deps.settings.lockoutAttempts : 0, ...(withPassword ? { passwordHash } : {}) };
      store.users.insert(user, secret);
      const memberOf = person.groups.map((name) => groups.get(name)).filter((group): group is GroupDoc => group !== undefined);
      for (const group of memberOf) store.groups.addMember(group.id, user.id);
      users.push({ user, groups: memberOf });
    });
    store.apps.insert(app);
    store.meta.set(DEMO_CLIENT_KEY, JSON.stringify({ clientId: app.id, privateJwk }));
    const demoApps = seedDemoOidcApps(deps);
    const history = seedHistory({ groups: [...groups.values()], users, apps: [app, ...demoApps.apps], assignments: demoApps.assignments }, deps.clock);
    for (const event of history) store.logs.append(event);
    store.meta.set(SEEDED, '1');
  });
}

export interface DemoClientCredentials {
  clientId: string;
  keyId: string;
  privateJwk: JWK;
}

/** The seeded service app's client id and private key, for wiring a dev client (never used in production). */
export function demoClientCredentials(deps: Pick<EmulatorDeps, 'store'>): DemoClientCredentials | undefined {
  const stored = deps.store.meta.get(DEMO_CLIENT_KEY);
  if (!stored) return undefined;
  const { clientId, privateJwk } = JSON.parse(stored) as { clientId: string; privateJwk: JWK };
  return { clientId, keyId: privateJwk.kid ?? '', privateJwk };
}

import { scrypt, timingSafeEqual } from 'node:crypto';

/**
 * The legacy system's user table, as a password import hook would see it: passwords stored only as
 * salted scrypt hashes (`scrypt$N$r$p$salt$hash`, base64url).
 */
const LEGACY_USERS: Record<string, string> = {
  'priya.raman@example.com': 'scrypt$16384$8$1$U1FfUXdgDuMeRfE-jNMdug$UCCb6DBvZMNJnbPbcusqTUb52PLrvZcht3sKVIr8Scc',
  'ola.nordmann@example.com': 'scrypt$16384$8$1$vE5k6PtF8d4aXkjEBzJ0Rw$JKcpT0u9D1uqBNyUU4mNczm3j8BlJIXCDxnoSOw3RCw',
};

/** Hashed with the same cost, so a wrong username takes as long as a wrong password. */
const DECOY = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function derive(password: string, salt: Buffer, length: number, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** True when `password` matches the stored hash of `username`; false for unknown users. */
export async function verifyLegacyPassword(username: string, password: string): Promise<boolean> {
  const stored = LEGACY_USERS[username.toLowerCase()];
  const [, n, r, p, salt, hash] = (stored ?? DECOY).split('$');
  const expected = Buffer.from(hash!, 'base64url');
  const actual = await derive(password, Buffer.from(salt!, 'base64url'), expected.length, Number(n), Number(r), Number(p));
  return timingSafeEqual(actual, expected) && stored !== undefined;
}

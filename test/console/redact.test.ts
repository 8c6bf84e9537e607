import { describe, expect, it } from 'vitest';
import { hostName, isLoopbackAddress } from '../../src/console/guard.js';
import { createRedactor, REDACTED } from '../../src/console/redact.js';

describe('createRedactor', () => {
  const redact = createRedactor(['s3cr3t-value-123', undefined]);

  it('blanks values under secret names at any depth, and keeps dates and kinds', () => {
    const out = redact({
      data: { credential: { username: 'u@example.com', password: 'hunter22' }, otpCode: 123456, passwordChanged: '2026-01-01T00:00:00Z' },
      list: [{ client_secret: 'abc' }, { sessionToken: '2011xyz' }],
      token_type: 'Bearer',
      authScheme: { key: 'Authorization', value: 'irrelevant' },
    }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- poking at JSON
    expect(out.data.credential).toEqual({ username: 'u@example.com', password: REDACTED });
    expect(out.data.otpCode).toBe(REDACTED);
    expect(out.data.passwordChanged).toBe('2026-01-01T00:00:00Z');
    expect(out.list).toEqual([{ client_secret: REDACTED }, { sessionToken: REDACTED }]);
    expect(out.token_type).toBe('Bearer');
  });

  it('blanks credentials recognisable by shape and known secrets inside any text', () => {
    const out = redact({ note: 'sent Authorization: SSWS 00abcDEF and Bearer eyJhbGciOi.x.y', echo: 'the hook said s3cr3t-value-123!' }) as Record<string, string>;
    expect(out.note).toBe(`sent Authorization: SSWS ${REDACTED} and Bearer ${REDACTED}`);
    expect(out.echo).toBe(`the hook said ${REDACTED}!`);
  });

  it('never mutates its input', () => {
    const input = { password: 'p' };
    redact(input);
    expect(input.password).toBe('p');
  });
});

describe('loopback checks', () => {
  it('recognises loopback socket addresses only', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['10.0.0.1', '::ffff:192.168.1.2', '0.0.0.0', '1127.0.0.1', 'fe80::1']) expect(isLoopbackAddress(address)).toBe(false);
  });

  it('strips the port from a Host header', () => {
    expect(hostName('127.0.0.1:8788')).toBe('127.0.0.1');
    expect(hostName('[::1]:80')).toBe('[::1]');
    expect(hostName('localhost')).toBe('localhost');
    expect(hostName('localhost.evil.example:80')).toBe('localhost.evil.example');
  });
});

import { describe, expect, it } from 'vitest';
import { callHook } from 'gatehook/testing';
import { passwordImportExample } from '../src/hooks/password-import.js';

const signIn = (username: string, password: string) => ({ data: { context: { credential: { username, password } } } });

describe('password import hook', () => {
  it('verifies a password that matches the legacy hash', async () => {
    const result = await callHook(passwordImportExample, { overrides: signIn('priya.raman@example.com', 'correct-horse-battery-staple') });
    expect(result.outcome).toBe('applied');
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    expect((await callHook(passwordImportExample, { overrides: signIn('priya.raman@example.com', 'wrong') })).outcome).toBe('denied');
    expect((await callHook(passwordImportExample, { overrides: signIn('nobody@example.com', 'correct-horse-battery-staple') })).outcome).toBe('denied');
  });
});

import { describe, expect, it } from 'vitest';
import { callHook } from 'gatehook/testing';
import { samlExample } from '../src/hooks/saml.js';

describe('SAML hook', () => {
  it('adds the roles attribute and shortens the session to 8 hours', async () => {
    const result = await callHook(samlExample, { overrides: { data: { context: { user: { profile: { login: 'aiko.tanaka@example.com' } } } } } });
    expect(result.outcome).toBe('applied');
    expect(JSON.stringify(result.commands)).toContain('finance-approver');
    expect(JSON.stringify(result.commands)).toContain('28800');
  });
});

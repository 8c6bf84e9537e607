import { describe, expect, it } from 'vitest';
import type { InlineHookType } from '../../../src/handlers/core/types.js';
import { judgeHookResponse } from '../../../src/emulator/hook-calls/judge-response.js';
import { sampleRequest as passwordImport } from '../../../src/handlers/password-import/sample.js';
import { sampleRequest as registration } from '../../../src/handlers/registration/sample.js';
import { sampleRequest as saml } from '../../../src/handlers/saml/sample.js';
import { sampleRequest as telephony } from '../../../src/handlers/telephony/sample.js';
import { sampleRequest as token } from '../../../src/handlers/token/sample.js';
import { sampleRequest as userImport } from '../../../src/handlers/user-import/sample.js';

const requests: Record<InlineHookType, () => unknown> = {
  token,
  registration,
  'password-import': passwordImport,
  'user-import': userImport,
  saml,
  telephony,
};
const cmd = (type: string, value: unknown) => ({ commands: [{ type, value }] });

describe('judgeHookResponse over the shared sample requests', () => {
  it.each([
    ['token', cmd('com.okta.identity.patch', [{ op: 'add', path: '/claims/dept', value: 'R&D' }])],
    ['token', { error: { errorSummary: 'no' } }],
    ['registration', cmd('com.okta.user.profile.update', { department: 'R&D' })],
    ['password-import', cmd('com.okta.action.update', { credential: 'VERIFIED' })],
    ['password-import', undefined],
    ['user-import', cmd('com.okta.user.profile.update', { title: 'Eng' })],
    ['user-import', { error: { errorSummary: 'skip this row' } }],
    ['saml', cmd('com.okta.assertion.patch', [{ op: 'replace', path: '/subject/nameId', value: 'x@example.com' }])],
    ['telephony', cmd('com.okta.telephony.action', [{ status: 'PENDING', provider: 'acme' }])],
    ['telephony', cmd('com.okta.telephony.action', [{ status: 'FAILED' }])],
  ] as [InlineHookType, unknown][])('%s: honoured %j', (type, body) => {
    const verdict = judgeHookResponse(type, requests[type](), body);
    expect(verdict).toMatchObject({ honoured: true });
  });

  it.each([
    ['token', cmd('com.okta.access.patch', [{ op: 'add', path: '/claims/cid', value: 'x' }])],
    ['token', { commands: 'nope' }],
    ['registration', cmd('com.okta.user.progressive.profile.update', { a: 1 })],
    ['password-import', cmd('com.okta.action.update', { credential: 'YES' })],
    ['user-import', cmd('com.okta.action.update', { result: 'LINK_USER' })],
    ['saml', cmd('com.okta.assertion.patch', [{ op: 'remove', path: '/subject/nameId' }])],
    ['telephony', undefined],
    ['telephony', cmd('com.okta.telephony.action', [{ status: 'DONE' }])],
  ] as [InlineHookType, unknown][])('%s: not honoured %j', (type, body) => {
    const verdict = judgeHookResponse(type, requests[type](), body);
    expect(verdict.honoured).toBe(false);
    expect(verdict.summary.length).toBeGreaterThan(10);
  });
});

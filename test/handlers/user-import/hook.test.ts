import { describe, expect, it } from 'vitest';
import type { HookResponseBody } from '../../../src/handlers/core/types.js';
import { sampleUserImportRequest, userImportHook, type UserImportApi } from '../../../src/handlers/user-import/index.js';
import { checkUserImportResponse } from '../../../src/handlers/user-import/rules.js';
import { bodyViolation, parsed, produce, rejection } from '../helpers.js';

const ACTION = 'com.okta.action.update';
const USER_UPDATE = 'com.okta.user.update';

const violation = (calls: (api: UserImportApi) => void) => rejection(produce(userImportHook, sampleUserImportRequest(), calls));

const finalCheck = (body: HookResponseBody) => bodyViolation(checkUserImportResponse, body);

describe('userImportHook builder', () => {
  it('link() emits LINK_USER and the user id; repeating it is idempotent', async () => {
    const body = await produce(userImportHook, sampleUserImportRequest(), (api) => {
      api.appUserProfile.update({ department: 'LOGISTICS' });
      api.importUser.link('00u1');
      api.importUser.link('00u1');
    });
    expect(body?.commands?.map((c) => c.type)).toEqual(['com.okta.appUser.profile.update', ACTION, USER_UPDATE]);
  });

  it.each(['', '   ', 5, undefined])('rejects link(%j)', async (id) => {
    const e = await violation((api) => api.importUser.link(id as string));
    expect(e.rule).toBe('user-import.user-update-shape');
  });

  it('leaves nothing behind when link() is rejected', async () => {
    const body = await produce(userImportHook, sampleUserImportRequest(), (api) => {
      try {
        api.importUser.link('');
      } catch {
        api.importUser.create();
      }
    });
    expect(body?.commands).toEqual([{ type: ACTION, value: { result: 'CREATE_USER' } }]);
  });

  it('rejects create after link, link after create, and linking to two users', async () => {
    expect((await violation((api) => { api.importUser.link('00u1'); api.importUser.create(); })).rule).toBe('action.update-conflict');
    expect((await violation((api) => { api.importUser.create(); api.importUser.link('00u1'); })).rule).toBe('action.update-conflict');
    expect((await violation((api) => { api.importUser.link('00u1'); api.importUser.link('00u2'); })).message).toContain('already linking to user 00u1');
  });

  it('rejects non-object profile updates', async () => {
    expect((await violation((api) => api.profile.update('x' as never))).rule).toBe('profile.update-shape');
    expect((await violation((api) => api.appUserProfile.update([] as never))).rule).toBe('profile.update-shape');
  });

  it('fails open with {} (a fresh object each time)', () => {
    const def = userImportHook(() => {});
    expect(def.fallback(undefined, 'timeout')).toEqual({});
    expect(def.fallback(parsed(def, sampleUserImportRequest()), 'handler-error')).not.toBe(def.fallback(undefined, 'timeout'));
  });
});

describe('user import rules on the final body', () => {
  it('rejects LINK_USER without com.okta.user.update', () => {
    const e = finalCheck({ commands: [{ type: ACTION, value: { result: 'LINK_USER' } }] });
    expect(e.rule).toBe('user-import.link-without-user');
    expect(e.site.commandIndex).toBe(0);
  });
  it('rejects com.okta.user.update without LINK_USER', () => {
    expect(finalCheck({ commands: [{ type: USER_UPDATE, value: { id: '00u1' } }] }).rule).toBe('user-import.user-update-without-link');
  });
  it.each([{}, { id: '' }, { id: 7 }, { id: '00u1', login: 'x' }, 'id'])('rejects com.okta.user.update value %j', (value) => {
    expect(finalCheck({ commands: [{ type: ACTION, value: { result: 'LINK_USER' } }, { type: USER_UPDATE, value }] }).rule).toBe('user-import.user-update-shape');
  });
  it.each([{ result: 'UPDATE_USER' }, { credential: 'VERIFIED' }, {}])('rejects action value %j', (value) => {
    expect(finalCheck({ commands: [{ type: ACTION, value }] }).rule).toBe('action.update-shape');
  });
  it('rejects other hook types\' commands', () => {
    expect(finalCheck({ commands: [{ type: 'com.okta.user.progressive.profile.update', value: {} }] }).rule).toBe('response.command-type');
  });
});

describe('user import request parsing', () => {
  const def = userImportHook(() => {});
  it('exposes the matched user id when present', () => {
    expect(parsed(def, sampleUserImportRequest({ data: { user: { id: '00uMATCH' }, action: { result: 'LINK_USER' } } })).user.id).toBe('00uMATCH');
  });
  it.each([
    [{ data: { appUser: undefined } }, 'data.appUser'],
    [{ data: { user: { profile: undefined } } }, 'data.user.profile'],
    [{ data: { context: { conflicts: 'login' } } }, 'data.context.conflicts'],
  ])('locates %j', (override, location) => {
    const r = def.parse(sampleUserImportRequest(override));
    expect(r.ok ? [] : r.issues.map((i) => i.location)).toEqual([location]);
  });
});

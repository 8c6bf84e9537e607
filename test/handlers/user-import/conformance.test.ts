import { describe, expect, it } from 'vitest';
import { userImportHook, type UserImportApi } from '../../../src/handlers/user-import/index.js';
import { hasSamples, JAVA_DIR, loadSample, parsed, produce, SAMPLES_DIR, sameJson, sampleFiles } from '../helpers.js';

const LINK_ID = '00garwpuyxHaWOkdV0g4';

/** `null` marks the one sample produced by the fallback rather than a handler (see the test below). */
const TABLE: Record<string, ((api: UserImportApi) => void) | null> = {
  'user-import-response-create-user.json': (api) => api.importUser.create(),
  'user-import-response-link-user.json': (api) => api.importUser.link(LINK_ID),
  'user-import-response-appuser-profile-update.json': (api) => api.appUserProfile.update({ firstName: 'Stan', lastName: 'Lee' }),
  'user-import-response-user-profile-update.json': (api) => api.profile.update({ firstName: 'Stan' }),
  'user-import-response-error.json': (api) => api.error('Error at third-party service. Please contact your admin.'),
  // `{}` keeps Okta's default; a handler that writes nothing answers 204, which Okta documents as the
  // same no-op, and the fail-open fallback answers exactly `{}`.
  'user-import-response-empty.json': null,
  'java-sdk-expected/ImportHooksTest.createUserTest.json': (api) => api.importUser.create(),
  'java-sdk-expected/ImportHooksTest.linkUserTest.json': (api) => api.importUser.link(LINK_ID),
  'java-sdk-expected/ImportHooksTest.updateUserProfile.json': (api) => api.profile.update({ firstName: 'Stan' }),
};

describe.skipIf(!hasSamples)('user import conformance with ../shared/okta/samples', () => {
  it('parses the documented request', () => {
    const event = parsed(userImportHook(() => {}), loadSample('user-import-request.json'));
    expect(event.result).toBe('CREATE_USER');
    expect(event.appUser.profile.accountType).toBe('PRO');
    expect(event.user.id).toBeUndefined();
    expect(event.matchPolicy).toEqual(['EMAIL', 'FIRST_AND_LAST_NAME']);
  });

  it('maps every user import response sample and Java SDK expectation', () => {
    const files = [
      ...sampleFiles(SAMPLES_DIR, /^user-import-response.*\.json$/),
      ...sampleFiles(JAVA_DIR, /^ImportHooksTest\.(?!passwordImport).*\.json$/).map((f) => `java-sdk-expected/${f}`),
    ];
    expect(Object.keys(TABLE).sort()).toEqual(files.sort());
  });

  for (const [file, calls] of Object.entries(TABLE)) {
    it(`produces ${file}`, async () => {
      const request = loadSample('user-import-request.json');
      if (calls === null) {
        expect(await produce(userImportHook, request, () => {})).toBeNull();
        const def = userImportHook(() => {});
        sameJson(def.fallback(parsed(def, request), 'timeout'), loadSample(file));
        return;
      }
      sameJson(await produce(userImportHook, request, calls), loadSample(file));
    });
  }
});

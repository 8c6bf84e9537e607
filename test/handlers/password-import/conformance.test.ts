import { describe, expect, it } from 'vitest';
import { passwordImportHook, type PasswordImportApi } from '../../../src/handlers/password-import/index.js';
import { hasSamples, JAVA_DIR, loadSample, produce, SAMPLES_DIR, sameJson, sampleFiles } from '../helpers.js';

const TABLE: Record<string, (api: PasswordImportApi) => void> = {
  'password-import-response-verified.json': (api) => api.credential.verified(),
  'password-import-response-unverified.json': (api) => api.credential.unverified(),
  'java-sdk-expected/ImportHooksTest.passwordImportVerifiedTest.json': (api) => api.credential.verified(),
  'java-sdk-expected/ImportHooksTest.passwordImportUnverifiedTest.json': (api) => api.credential.unverified(),
};

describe.skipIf(!hasSamples)('password import conformance with ../shared/okta/samples', () => {
  it('parses the documented request', () => {
    const r = passwordImportHook(() => {}).parse(loadSample('password-import-request.json'));
    expect(r.ok && [r.event.username, r.event.defaultOutcome]).toEqual(['isaac.brock@example.com', 'UNVERIFIED']);
  });

  it('maps every password import response sample and Java SDK expectation', () => {
    const files = [
      ...sampleFiles(SAMPLES_DIR, /^password-import-response.*\.json$/),
      ...sampleFiles(JAVA_DIR, /^ImportHooksTest\.passwordImport.*\.json$/).map((f) => `java-sdk-expected/${f}`),
    ];
    expect(Object.keys(TABLE).sort()).toEqual(files.sort());
  });

  for (const [file, calls] of Object.entries(TABLE)) {
    it(`produces ${file}`, async () => {
      sameJson(await produce(passwordImportHook, loadSample('password-import-request.json'), calls), loadSample(file));
    });
  }
});

import { describe, expect, it } from 'vitest';
import { registrationHook, type RegistrationApi } from '../../../src/handlers/registration/index.js';
import { hasSamples, JAVA_DIR, loadSample, produce, SAMPLES_DIR, sameJson, sampleFiles } from '../helpers.js';

const SSR = 'registration-request.json';
const PROGRESSIVE = 'registration-progressive-profile-request.json';
const CLASSIC = 'registration-request-classic-2019.json';

const emailCause = {
  errorSummary: 'Only example.com emails can register.',
  reason: 'INVALID_EMAIL_DOMAIN',
  locationType: 'body',
  location: 'data.userProfile.email',
  domain: 'end-user',
};

/** Reference response -> [request it answers, builder calls producing it]. */
const TABLE: Record<string, [string, (api: RegistrationApi) => void]> = {
  'registration-response-deny.json': [SSR, (api) => api.registration.deny('Incorrect email address. Please contact your admin.', [emailCause])],
  'registration-response-deny-no-error.json': [SSR, (api) => api.registration.deny()],
  'registration-response-error-classic-2019.json': [
    CLASSIC,
    (api) =>
      api.error('Errors were found in the user profile', [
        { errorSummary: 'You specified an invalid email domain', reason: 'INVALID_EMAIL_DOMAIN', locationType: 'body', location: 'data.userProfile.login', domain: 'end-user' },
      ]),
  ],
  'registration-response-profile-update-multi.json': [SSR, (api) => api.profile.update({ middleName: 'Danger', customerId: 12345 })],
  'registration-response-profile-update-two-commands.json': [
    SSR,
    (api) => {
      api.profile.update({ middleName: 'Danger' });
      api.profile.update({ customerId: 12345 });
    },
  ],
  'registration-response-profile-update.json': [SSR, (api) => api.profile.update({ login: 'first.last@example.com' })],
  // Same call as SSR; the builder picks com.okta.user.progressive.profile.update from the requestType.
  'registration-progressive-profile-response.json': [PROGRESSIVE, (api) => api.profile.update({ employeeNumber: '1234' })],
  'registration-progressive-profile-response-deny.json': [
    PROGRESSIVE,
    (api) =>
      api.registration.deny('Incorrect employee number. Enter an employee number with 4 digits.', [
        { errorSummary: 'Only employee numbers with 4 digits can register.', reason: 'INVALID_EMPLOYEE_NUMBER', locationType: 'body', location: 'data.userProfile.employeeNumber', domain: 'end-user' },
      ]),
  ],
  'java-sdk-expected/UserRegHooksTest.allow.json': [SSR, (api) => api.registration.allow()],
  'java-sdk-expected/UserRegHooksTest.deny.json': [SSR, (api) => api.registration.deny()],
  'java-sdk-expected/UserRegHooksTest.complexError.json': [
    SSR,
    (api) =>
      api.error('Errors were found in the user profile', [
        { errorSummary: 'You specified an invalid email domain', reason: 'INVALID_EMAIL_DOMAIN', locationType: 'body', location: 'data.userProfile.login', domain: 'end-user' },
        { errorSummary: 'You failed this test', reason: 'EXPECTED_TEST_ERROR', locationType: 'arm', location: 'data.fake.location', domain: 'foobar' },
      ]),
  ],
  'java-sdk-expected/UserRegHooksTest.errorWithDebugContext.json': [
    SSR,
    (api) => {
      api.error(undefined, ['test-error']);
      api.debugContext({ foo: 'bar', one: 'two' });
    },
  ],
  'java-sdk-expected/UserRegHooksTest.multipleErrorCause.json': [
    SSR,
    (api) => {
      api.error(undefined, ['test-error1']);
      api.error(undefined, ['test-error2']);
    },
  ],
  'java-sdk-expected/UserRegHooksTest.singleErrorCause.json': [SSR, (api) => api.error(undefined, ['test-error'])],
  'java-sdk-expected/UserRegHooksTest.updateProfile.json': [SSR, (api) => api.profile.update({ prop1: 'value1', prop2: 2, prop3: true, prop4: ['one', 'two', 'three'] })],
};

describe.skipIf(!hasSamples)('registration hook conformance with ../shared/okta/samples', () => {
  const def = registrationHook(() => {});

  it('parses the SSR, progressive and 2019 Classic requests', () => {
    const ssr = def.parse(loadSample(SSR));
    const progressive = def.parse(loadSample(PROGRESSIVE));
    const classic = def.parse(loadSample(CLASSIC));
    expect(ssr.ok && ssr.event.requestType === 'self.service.registration' && ssr.event.userProfile.email).toBe('rosario.jones@example.com');
    expect(progressive.ok && progressive.event.requestType === 'progressive.profile' && progressive.event.userProfileUpdate.employeeNumber).toBe('1234');
    expect(progressive.ok && progressive.event.user?.id).toBe('00u48gwcu01WxvNo');
    // 2019: no requestType, `eventID`, form attributes under data.user.profile.
    expect(classic.ok && classic.event.requestType).toBe('self.service.registration');
    expect(classic.ok && classic.event.eventId).toBe('763F35F3-7D83-4547-836B-F55382ADBDC7');
    expect(classic.ok && classic.event.userProfile?.mobilePhone).toBe('555-415-1337');
  });

  it('maps every registration response sample and Java SDK expectation', () => {
    const files = [
      ...sampleFiles(SAMPLES_DIR, /^registration-.*response.*\.json$/),
      ...sampleFiles(JAVA_DIR, /^UserRegHooksTest\..*\.json$/).map((f) => `java-sdk-expected/${f}`),
    ];
    expect(Object.keys(TABLE).sort()).toEqual(files.sort());
  });

  for (const [file, [request, calls]] of Object.entries(TABLE)) {
    it(`produces ${file}`, async () => {
      sameJson(await produce(registrationHook, loadSample(request), calls), loadSample(file));
    });
  }
});

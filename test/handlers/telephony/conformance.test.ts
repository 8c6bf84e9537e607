import { describe, expect, it } from 'vitest';
import { telephonyHook, type TelephonyApi } from '../../../src/handlers/telephony/index.js';
import { hasSamples, loadSample, parsed, produce, SAMPLES_DIR, sameJson, sampleFiles } from '../helpers.js';

const TABLE: Record<string, (api: TelephonyApi) => void> = {
  'telephony-response-success.json': (api) =>
    api.telephony.sent({ provider: 'VONAGE', transactionId: 'SM49a8ece2822d44e4adaccd7ed268f954', transactionMetadata: 'Duration=300ms' }),
  'telephony-response-failure.json': (api) =>
    api.error('Failed to deliver SMS OTP to test.user@okta.com', [
      { errorSummary: 'Provider could not deliver OTP', reason: 'The content of the message is not supported', location: 'South Africa' },
    ]),
};

describe.skipIf(!hasSamples)('telephony hook conformance with ../shared/okta/samples', () => {
  it('parses the documented request', () => {
    const event = parsed(telephonyHook(() => {}), loadSample('telephony-request.json'));
    expect([event.requestType, event.phoneNumber, event.otpCode, event.channel]).toEqual(['com.okta.user.telephony.pre-enrollment', '9876543210', '11111', 'sms']);
  });

  it('maps every telephony response sample (there are no Java SDK ones: it has no telephony support)', () => {
    expect(Object.keys(TABLE).sort()).toEqual(sampleFiles(SAMPLES_DIR, /^telephony-response.*\.json$/));
  });

  for (const [file, calls] of Object.entries(TABLE)) {
    it(`produces ${file}`, async () => {
      sameJson(await produce(telephonyHook, loadSample('telephony-request.json'), calls), loadSample(file));
    });
  }
});

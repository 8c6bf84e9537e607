import { describe, expect, it } from 'vitest';
import { OktaApiError } from '../../../src/emulator/errors.js';
import { normalisePhoneNumber, requirePhoneNumber } from '../../../src/emulator/factors/phone.js';

describe('phone numbers as Okta reads them', () => {
  it.each([
    ['162 840 01133', '+16284001133'],
    ['(628) 400-1133', '+16284001133'],
    ['628.400.1133', '+16284001133'],
    ['+1-555-415-1337', '+15554151337'],
    ['1 555 415 1337', '+15554151337'],
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['011 44 20 7946 0958', '+442079460958'],
    ['  +49 (30) 901820  ', '+4930901820'],
  ])('%s -> %s', (written, e164) => {
    expect(normalisePhoneNumber(written)).toBe(e164);
  });

  it.each([
    ['12', 'too short'],
    ['555 1234', 'local number without area code'],
    ['+1 055 415 1337', 'North American area code starting with 0'],
    ['+0 20 7946 0958', 'country code 0'],
    ['+44 20 7946 0958 12345', 'longer than 15 digits'],
    ['020 7946 0958', 'national form outside North America'],
    ['+1 555 CALL NOW', 'letters'],
    ['+1 555+415 1337', 'a second plus'],
    ['', 'empty'],
  ])('refuses %s (%s)', (written) => {
    expect(normalisePhoneNumber(written)).toBeUndefined();
  });

  it("refuses with Okta's E0000098 and says what it expects", () => {
    const error = (() => {
      try {
        requirePhoneNumber('call me maybe');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(OktaApiError);
    const body = (error as OktaApiError).toBody();
    expect([(error as OktaApiError).status, body.errorCode, body.errorSummary]).toEqual([400, 'E0000098', 'This phone number is invalid.']);
    expect(body.errorCauses[0]?.errorSummary).toMatch(/^phoneNumber: .*country code/);
  });
});

/**
 * Phone numbers for `sms` and `call` factors, read the way Okta reads them: written forms with
 * spaces, dashes, dots or parentheses are accepted, `+` or an international prefix (00, 011) marks
 * the country code, and a number without one is read as North American (country code 1), so
 * "162 840 01133" and "(628) 400-1133" both become +16284001133. What cannot be a phone number is
 * refused with Okta's E0000098.
 */
import { OktaApiError } from '../errors.js';

const WRITTEN_FORM = /^\+?[\d\s().\-/]+$/;
/** NANP (+1): a three-digit area code that does not start with 0 or 1, then seven digits. */
const NANP = /^1[2-9]\d{9}$/;

/** The E.164 form (`+` and 8 to 15 digits) of a written phone number, or undefined when it is not one. */
export function normalisePhoneNumber(written: string): string | undefined {
  const text = written.trim();
  if (!WRITTEN_FORM.test(text) || text.lastIndexOf('+') > 0) return undefined;
  let digits = text.replace(/\D/g, '');
  if (!text.startsWith('+')) {
    if (digits.startsWith('00')) digits = digits.slice(2);
    else if (digits.startsWith('011')) digits = digits.slice(3);
    else if (digits.length === 10) digits = `1${digits}`;
    else if (!(digits.length === 11 && digits.startsWith('1'))) return undefined;
  }
  if (digits.startsWith('0') || digits.length < 8 || digits.length > 15) return undefined;
  if (digits.startsWith('1') && !NANP.test(digits)) return undefined;
  return `+${digits}`;
}

/** The normalised number, or Okta's refusal naming what it could not read. */
export function requirePhoneNumber(written: string): string {
  const normalised = normalisePhoneNumber(written);
  if (!normalised) {
    throw new OktaApiError('E0000098', '', [
      'phoneNumber: Write the number with its country code (e.g. +44 20 7946 0958); a number without one must be a 10-digit North American number.',
    ]);
  }
  return normalised;
}

import { describe, expect, it } from 'vitest';
import { callHook } from 'gatehook/testing';
import { outbox, telephonyExample } from '../src/hooks/telephony.js';

describe('telephony hook', () => {
  it('sends the one-time code and reports the delivery to Okta', async () => {
    const before = outbox.length;
    const result = await callHook(telephonyExample);
    expect(result.outcome).toBe('applied');
    expect(outbox.slice(before)).toEqual([expect.objectContaining({ to: '+15555550142', channel: 'sms' })]);
    expect(result.commands[0]?.type).toBe('com.okta.telephony.action');
  });
});

import { telephonyHook } from 'gatehook/handlers/telephony';

export interface SentMessage {
  id: string;
  to: string;
  channel: 'sms' | 'voice';
  text: string;
}

/** The example's SMS "provider": an in-memory outbox, so dev and tests can see what was sent. */
export const outbox: SentMessage[] = [];

/** Sends the one-time code through our provider and reports the delivery to Okta. */
export const telephonyExample = telephonyHook((event, api) => {
  const id = `msg-${crypto.randomUUID()}`;
  outbox.push({ id, to: event.phoneNumber, channel: event.channel, text: event.message ?? `Your code is ${event.otpCode}` });
  api.telephony.sent({ provider: 'EXAMPLE-OUTBOX', transactionId: id, transactionMetadata: `channel=${event.channel}` });
});

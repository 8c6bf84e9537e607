// The event hook's receiver on Lambda: verifies Okta's delivery, queues it on SQS, answers 200.
import { eventReceiverHandler } from 'gatehook/events/aws';

export const handler = eventReceiverHandler();

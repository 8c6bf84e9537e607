import { sampleDelivery, sampleLogEvent } from '../../../src/handlers/events/index.js';

export const logEvent = sampleLogEvent;
export const delivery = sampleDelivery;
export const SHARED_DIR = new URL('../../../../shared/okta/', import.meta.url);

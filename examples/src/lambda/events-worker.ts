// The event hook's worker on Lambda: runs the handlers of src/events.ts once per event, fed by the receiver's queue.
import { eventWorkerHandler } from 'gatehook/events/aws';
import { events } from '../events.js';

export const handler = eventWorkerHandler(events);

/** Lambda entry of the registration resource's onEvent function (the construct bundles this file). */
import { createRegistrationHandler } from '../registration/handler.js';

export const handler = createRegistrationHandler();

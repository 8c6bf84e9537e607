// One GatehookConfigError for the runtime and the constructs; a construct's refusal carries this code.
export { GatehookConfigError } from '../../src/runtime/errors.js';

/** The stable code of a construct configured in a way that cannot deploy. */
export const CDK_CONFIG = 'ERR_GATEHOOK_CDK_CONFIG';

// Okta's failure policy per hook type lives with the other Okta facts.
export { DEFAULT_CALLBACK_ERROR, FAILURE_POLICY, type FailureEffect, type FailurePolicy } from '../../handlers/core/okta-facts.js';

import type { HookResponseBody } from '../core/types.js';
import type { PatchOp } from '../core/draft.js';
import { ContractViolationError, type ViolationSite } from '../core/errors.js';
import { isPlainObject } from '../core/json.js';
import { checkOpBasics, patchOps } from '../core/patch.js';
import { checkCommandTypes } from '../core/response.js';

export const ASSERTION_PATCH = 'com.okta.assertion.patch';
export const SESSION_LIFETIME_PATH = '/authentication/sessionLifetime';
const SAML_OPS = ['add', 'replace'] as const;
const PATCHABLE_ROOTS = ['subject', 'authentication', 'conditions', 'claims'];

/** All rules for one op of an assertion patch; shared by the builder and the final check. */
export function checkSamlOp(op: PatchOp, site: ViolationSite): void {
  const segments = checkOpBasics(op, SAML_OPS, 'saml', site);
  const at = { ...site, path: op.path };
  const [root, member] = segments;
  if (root === undefined || !PATCHABLE_ROOTS.includes(root) || member === undefined || member === '') {
    throw new ContractViolationError('saml.path', `paths must start with ${PATCHABLE_ROOTS.map((r) => `/${r}/`).join(', ')} and name a member`, at);
  }
  if (op.op !== 'add') return;
  if (op.path === SESSION_LIFETIME_PATH) {
    if (typeof op.value !== 'number' || !Number.isInteger(op.value) || op.value <= 0) {
      throw new ContractViolationError('saml.session-lifetime', `sessionLifetime must be a positive integer number of seconds, got ${JSON.stringify(op.value)}`, at);
    }
  } else if (root === 'claims' && segments.length === 2) {
    checkAttributeShape(op.value, at);
  }
}

/** A new attribute statement: `{ attributes: { NameFormat }, attributeValues: [ { attributes, value } ] }`. */
function checkAttributeShape(value: unknown, site: ViolationSite): void {
  const values = isPlainObject(value) ? value.attributeValues : undefined;
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => isPlainObject(v) && 'value' in v)) {
    throw new ContractViolationError('saml.attribute-shape', 'adding an attribute needs { attributes: { NameFormat }, attributeValues: [ { attributes: { "xsi:type" }, value }, ... ] } with at least one value', site);
  }
}

/** Final check of a SAML assertion hook response. */
export function checkSamlResponse(body: HookResponseBody): void {
  const commands = body.commands ?? [];
  checkCommandTypes(commands, [ASSERTION_PATCH], 'SAML assertion hook');
  commands.forEach((command, commandIndex) => {
    patchOps(command, commandIndex, 'saml').forEach((op, opIndex) => checkSamlOp(op, { commandIndex, opIndex }));
  });
}

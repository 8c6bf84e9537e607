/** Where in a response body a contract rule was broken. */
export interface ViolationSite {
  /** Index into `commands[]`. */
  commandIndex?: number;
  /** Index into a patch command's `value[]`. */
  opIndex?: number;
  /** The patch path or body field concerned. */
  path?: string;
}

/**
 * The handler built a response that Okta would reject or misapply. Thrown at the offending builder call
 * (so the stack points at it); the final check of the whole body (`checkResponseBody`) throws it for
 * what no single call could see, such as a body too large or a telephony answer with no outcome.
 */
export class ContractViolationError extends Error {
  readonly code = 'ERR_HOOK_CONTRACT';
  /** Stable rule id, e.g. `token.reserved-claim`. */
  readonly rule: string;
  readonly site: ViolationSite;

  constructor(rule: string, detail: string, site: ViolationSite = {}) {
    super(`${rule}: ${detail}${describeSite(site)}`);
    this.name = 'ContractViolationError';
    this.rule = rule;
    this.site = site;
  }
}

function describeSite(site: ViolationSite): string {
  const parts: string[] = [];
  if (site.commandIndex !== undefined) {
    parts.push(site.opIndex === undefined ? `commands[${site.commandIndex}]` : `commands[${site.commandIndex}].value[${site.opIndex}]`);
  }
  if (site.path !== undefined) parts.push(`path "${site.path}"`);
  return parts.length === 0 ? '' : ` (at ${parts.join(', ')})`;
}

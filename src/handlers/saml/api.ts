import { CommonBuilder, type CommonApi } from '../core/common-api.js';
import type { PatchOp, ResponseDraft } from '../core/draft.js';
import { ContractViolationError } from '../core/errors.js';
import { NOT_JSON, nonJsonError, tryCopyJson } from '../core/json.js';
import { toPointer, type PointerSegment } from '../core/pointer.js';
import { ASSERTION_PATCH, checkSamlOp, SESSION_LIFETIME_PATH } from './rules.js';

/**
 * A place in the assertion: a string is a ready JSON Pointer (`/claims/array/attributeValues/1/value`);
 * an array is raw segments, escaped for you (`['claims', 'http://schemas.example.com/role', 'attributeValues', 0, 'value']`).
 */
export type AssertionPath = string | readonly PointerSegment[];

const NAME_FORMATS: Record<string, string> = {
  basic: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
  uri: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
  unspecified: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
};

export interface AttributeOptions {
  /** `basic` (default), `uri`, `unspecified`, or a full NameFormat URN. */
  nameFormat?: string;
  /** The `xsi:type` of every value; default `xs:string`. */
  type?: string;
}

export type AttributeValueInput = string | number | boolean;

export interface AssertionApi {
  /** Replaces an existing part of the assertion. */
  replace(path: AssertionPath, value: unknown): void;
  /** Adds a member (for new attributes prefer `addAttribute`). */
  add(path: AssertionPath, value: unknown): void;
  /** Adds an attribute statement under `/claims/<name>`; URI names are escaped for you. */
  addAttribute(name: string, values: AttributeValueInput | readonly AttributeValueInput[], options?: AttributeOptions): void;
  /** Makes Okta emit `SessionNotOnOrAfter` = issue instant + `seconds`. */
  setSessionLifetime(seconds: number): void;
  /** Raw ops, checked by the same rules. */
  patch(...ops: PatchOp[]): void;
}

export interface SamlApi extends CommonApi {
  readonly assertion: AssertionApi;
  /** Consecutive ops share one `com.okta.assertion.patch` command; this makes the next op start a new one. */
  nextCommand(): void;
}

function pointerOf(path: AssertionPath): string {
  if (typeof path === 'string') return path;
  if (!Array.isArray(path)) throw new ContractViolationError('saml.path', 'a path is a JSON Pointer string or an array of segments');
  return toPointer(path);
}

function nameFormatUrn(format: string | undefined): string {
  if (format === undefined) return NAME_FORMATS.basic as string;
  const urn = NAME_FORMATS[format] ?? (format.startsWith('urn:') ? format : undefined);
  if (urn === undefined) throw new ContractViolationError('saml.attribute-shape', `unknown nameFormat "${format}" (use basic, uri, unspecified or a URN)`);
  return urn;
}

class AssertionBuilder implements AssertionApi {
  readonly #draft: ResponseDraft;

  constructor(draft: ResponseDraft) {
    this.#draft = draft;
  }

  replace(path: AssertionPath, value: unknown): void {
    this.#push({ op: 'replace', path: pointerOf(path), value });
  }

  add(path: AssertionPath, value: unknown): void {
    this.#push({ op: 'add', path: pointerOf(path), value });
  }

  addAttribute(name: string, values: AttributeValueInput | readonly AttributeValueInput[], options: AttributeOptions = {}): void {
    const list = Array.isArray(values) ? values : [values];
    const type = options.type ?? 'xs:string';
    this.#push({
      op: 'add',
      path: toPointer(['claims', name]),
      value: {
        attributes: { NameFormat: nameFormatUrn(options.nameFormat) },
        // Attribute values are XML text, so they travel as strings whatever type the caller used.
        attributeValues: list.map((v: AttributeValueInput) => ({ attributes: { 'xsi:type': type }, value: String(v) })),
      },
    });
  }

  setSessionLifetime(seconds: number): void {
    this.#push({ op: 'add', path: SESSION_LIFETIME_PATH, value: seconds });
  }

  patch(...ops: PatchOp[]): void {
    for (const op of ops) this.#push({ ...op });
  }

  /** Checks a copy of the op and stores that copy: what the draft holds is what was checked. */
  #push(op: PatchOp): void {
    const site = this.#draft.nextOpSite(ASSERTION_PATCH);
    const copy = tryCopyJson(op);
    if (copy === NOT_JSON) {
      checkSamlOp(op, site);
      throw nonJsonError(op, site, `commands[${site.commandIndex}].value[${site.opIndex}]`);
    }
    checkSamlOp(copy as unknown as PatchOp, site);
    this.#draft.appendOp(ASSERTION_PATCH, copy);
  }
}

class SamlBuilder extends CommonBuilder implements SamlApi {
  readonly assertion: AssertionApi;
  readonly #draft: ResponseDraft;

  constructor(draft: ResponseDraft) {
    super(draft);
    this.assertion = new AssertionBuilder(draft);
    this.#draft = draft;
  }

  nextCommand(): void {
    this.#draft.breakPatch();
  }
}

export function createSamlApi(_event: unknown, draft: ResponseDraft): SamlApi {
  return new SamlBuilder(draft);
}

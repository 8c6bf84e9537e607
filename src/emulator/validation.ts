import { OktaApiError } from './errors.js';

/** Collects field problems so one E0000001 reports all of them, as Okta does. */
export class ValidationIssues {
  readonly #issues: { field: string; message: string }[] = [];

  add(field: string, message: string): this {
    this.#issues.push({ field, message });
    return this;
  }

  requireString(value: unknown, field: string): value is string {
    if (typeof value === 'string' && value.trim() !== '') return true;
    this.add(field, 'The field cannot be left blank');
    return false;
  }

  /** Throws at once for a single problem. */
  static fail(field: string, message: string): never {
    new ValidationIssues().add(field, message).throwIfAny();
    throw new Error('unreachable: throwIfAny throws when an issue was added');
  }

  throwIfAny(): void {
    const first = this.#issues[0];
    if (!first) return;
    throw new OktaApiError(
      'E0000001',
      first.field,
      this.#issues.map((issue) => `${issue.field}: ${issue.message}`),
    );
  }
}

export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

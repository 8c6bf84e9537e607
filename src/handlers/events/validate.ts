import type * as z from 'zod/mini';
import { InvalidDeliveryError } from './errors.js';
import { deliverySchema, type EventHookDelivery } from './schema.js';

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'invalid_format':
      return `not a valid ${issue.format}`;
    case 'too_small':
      return `must have at least ${String(issue.minimum)} ${issue.origin === 'string' ? 'characters' : 'items'}`;
    case 'too_big':
      return `must have at most ${String(issue.maximum)} ${issue.origin === 'string' ? 'characters' : 'items'}`;
    default:
      return issue.message;
  }
}

export function issuesOf(error: z.core.$ZodError, prefix = ''): { location: string; message: string }[] {
  return error.issues.map((issue) => ({
    location: [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.') || '(body)',
    message: describeIssue(issue),
  }));
}

/** Validates the delivery envelope; the events inside are validated one by one by the worker. */
export function parseDelivery(body: unknown): EventHookDelivery {
  const parsed = deliverySchema.safeParse(body);
  if (!parsed.success) throw new InvalidDeliveryError(issuesOf(parsed.error));
  return parsed.data;
}

/**
 * An event hook's `events.filter` as Okta models it (EXPRESSION_LANGUAGE, one condition per
 * subscribed event type in `eventFilterMap`): read and checked when the hook is saved, then used
 * by delivery to decide whether a hook receives an event. An event type without a condition is
 * delivered unfiltered.
 */
import { isObject } from '../http.js';
import type { JsonObject, LogEvent } from '../store/types.js';
import type { ValidationIssues } from '../validation.js';
import { compileFilterExpression, FilterExpressionError, type EventPredicate } from './expression.js';

export interface EventHookFilter {
  type: 'EXPRESSION_LANGUAGE';
  eventFilterMap: { event: string; condition: { version: string | null; expression: string } }[];
}

/** Okta's supported filter fields: the event type, outcome, actor, targets and changed attributes. */
function supportedPath(path: string[]): boolean {
  const [first, second, third] = path;
  if (first === 'eventType') return path.length === 1;
  if (first === 'outcome' || first === 'actor') return path.length <= 2;
  if (first === 'target') return path.length === 1;
  if (first === 'debugData') return second === 'changedAttributes' && third === undefined;
  return false;
}

/** What a filter expression sees of a System Log event. */
function filterView(event: LogEvent): JsonObject {
  return {
    eventType: event.eventType,
    outcome: event.outcome,
    actor: event.actor,
    target: event.target,
    debugData: event.debugContext.debugData,
  };
}

export function compileCondition(expression: string): EventPredicate {
  return compileFilterExpression(expression, supportedPath);
}

/** Reads `events.filter` (absent or null: no filter); problems go to `issues`. */
export function readEventHookFilter(raw: unknown, items: readonly string[], issues: ValidationIssues): EventHookFilter | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) {
    issues.add('events.filter', 'must be an object');
    return undefined;
  }
  if (raw.type !== undefined && raw.type !== 'EXPRESSION_LANGUAGE') issues.add('events.filter.type', 'The only filter type is EXPRESSION_LANGUAGE');
  const map = raw.eventFilterMap;
  if (!Array.isArray(map)) {
    issues.add('events.filter.eventFilterMap', 'must be an array');
    return undefined;
  }
  const seen = new Set<string>();
  const entries: EventHookFilter['eventFilterMap'] = [];
  for (const [index, entry] of map.entries()) {
    const field = `events.filter.eventFilterMap[${index}]`;
    const event = isObject(entry) ? entry.event : undefined;
    const condition = isObject(entry) && isObject(entry.condition) ? entry.condition : undefined;
    const expression = condition?.expression;
    if (typeof event !== 'string' || !items.includes(event)) {
      issues.add(`${field}.event`, 'The event type must be one of the subscribed events.items');
      continue;
    }
    if (seen.has(event)) issues.add(`${field}.event`, `Only one filter per event type (${event})`);
    seen.add(event);
    if (typeof expression !== 'string') {
      issues.add(`${field}.condition.expression`, 'The field cannot be left blank');
      continue;
    }
    try {
      compileCondition(expression);
    } catch (error) {
      if (!(error instanceof FilterExpressionError)) throw error;
      issues.add(`${field}.condition.expression`, `Invalid filter expression: ${error.message}`);
      continue;
    }
    entries.push({ event, condition: { version: typeof condition?.version === 'string' ? condition.version : null, expression } });
  }
  return { type: 'EXPRESSION_LANGUAGE', eventFilterMap: entries };
}

/** Compiles a stored filter to a check of one event; undefined means every event passes. */
export function eventFilterPredicate(filter: EventHookFilter | undefined): ((event: LogEvent) => boolean) | undefined {
  if (!filter || filter.eventFilterMap.length === 0) return undefined;
  const byType = new Map(filter.eventFilterMap.map((entry) => [entry.event, compileCondition(entry.condition.expression)] as const));
  return (event) => {
    const predicate = byType.get(event.eventType);
    return predicate ? predicate(filterView(event)) : true;
  };
}

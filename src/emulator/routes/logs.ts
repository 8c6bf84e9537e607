import type { SQLInputValue } from 'node:sqlite';
import type { EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError } from '../errors.js';
import { type AttributeInfo, compileExpression, escapeLike, jsonPath, normalizeDate } from '../filter.js';
import { limitQuery, pageResponse } from '../http.js';
import { withoutStorageId } from '../store/logs.js';

const SEVEN_DAYS_MS = 7 * 24 * 3600_000;

function logAttribute(path: string): AttributeInfo | undefined {
  if (path === 'eventType') return { sql: 'event_type', kind: 'other' };
  if (path === 'published') return { sql: 'published', kind: 'date' };
  const target = /^target\.([A-Za-z]+)$/.exec(path);
  if (target) {
    return {
      sql: `json_extract(t.value, '$.${target[1]}')`,
      kind: 'string',
      wrap: (condition) => `EXISTS (SELECT 1 FROM json_each(doc, '$.target') t WHERE ${condition})`,
    };
  }
  const allowed = /^(uuid|severity|displayMessage|actor\.\w+|outcome\.\w+|client\.\w+|transaction\.\w+|legacyEventType)$/;
  const sql = allowed.test(path) ? jsonPath(path) : undefined;
  return sql ? { sql, kind: 'string' } : undefined;
}

function dateParam(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : normalizeDate(value);
}

/** `GET /api/v1/logs`: the System Log with Okta's since/until window, filter, keyword search and cursor paging. */
export function logRoutes(deps: EmulatorDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/logs',
      scope: 'okta.logs.read',
      handler: (c) => {
        const until = dateParam(c.req.query('until'));
        const since = dateParam(c.req.query('since')) ?? new Date((until ? Date.parse(until) : deps.clock.now().getTime()) - SEVEN_DAYS_MS).toISOString();
        if (until && since > until) throw new OktaApiError('E0000001', 'since', ['since: must be before until']);
        const clauses = ['published >= ?'];
        const params: SQLInputValue[] = [since];
        if (until) {
          clauses.push('published < ?');
          params.push(until);
        }
        const filter = c.req.query('filter');
        if (filter) {
          const condition = compileExpression(filter, logAttribute);
          clauses.push(`(${condition.sql})`);
          params.push(...condition.params);
        }
        const q = c.req.query('q');
        for (const keyword of q ? q.split(/\s+/).filter(Boolean) : []) {
          clauses.push("doc LIKE ? ESCAPE '\\'");
          params.push(`%${escapeLike(keyword)}%`);
        }
        const sortOrder = c.req.query('sortOrder') ?? 'ASCENDING';
        if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') {
          throw new OktaApiError('E0000001', 'sortOrder', ['sortOrder: must be ASCENDING or DESCENDING']);
        }
        const page = deps.store.logs.table.page({
          where: clauses.join(' AND '),
          params,
          after: c.req.query('after'),
          limit: limitQuery(c, 100, 1000),
          descending: sortOrder === 'DESCENDING',
        });
        return pageResponse(c, deps, page, withoutStorageId);
      },
    },
  ];
}

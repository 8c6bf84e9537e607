import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { OktaApiError } from '../errors.js';

export interface PageQuery {
  /** SQL boolean expression over the table's columns and `doc` (json_extract). */
  where?: string;
  params?: SQLInputValue[];
  /** Opaque cursor from a previous page's `next`. */
  after?: string;
  limit: number;
  descending?: boolean;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the following page, present when this page is full. */
  next?: string;
}

/** Reads an `after` cursor; cursors are row sequence numbers, so they stay valid as rows are added or removed. */
export function parseCursor(after: string | undefined): number | undefined {
  if (after === undefined || after === '') return undefined;
  if (!/^\d{1,15}$/.test(after)) throw new OktaApiError('E0000029', '', ['after: invalid cursor']);
  return Number(after);
}

/**
 * One resource kind stored as JSON documents with a private `secret` column (password hashes,
 * hook credentials, factor seeds) that never leaves the store through `get` or `page`.
 */
export class DocTable<D extends { id: string }, S = never> {
  readonly db: DatabaseSync;
  readonly table: string;
  readonly #columns: (doc: D) => Record<string, SQLInputValue>;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, table: string, columns: (doc: D) => Record<string, SQLInputValue> = () => ({})) {
    this.db = db;
    this.table = table;
    this.#columns = columns;
  }

  statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  insert(doc: D, secret?: S): void {
    const extra = this.#columns(doc);
    const names = ['id', 'doc', 'secret', ...Object.keys(extra)];
    const sql = `INSERT INTO ${this.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    this.statement(sql).run(doc.id, JSON.stringify(doc), secret === undefined ? null : JSON.stringify(secret), ...Object.values(extra));
  }

  get(id: string): D | undefined {
    const row = this.statement(`SELECT doc FROM ${this.table} WHERE id = ?`).get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as D) : undefined;
  }

  getSecret(id: string): S | undefined {
    const row = this.statement(`SELECT secret FROM ${this.table} WHERE id = ?`).get(id) as { secret: string | null } | undefined;
    return row?.secret ? (JSON.parse(row.secret) as S) : undefined;
  }

  /** Replaces the document; the secret is replaced only when given. */
  update(doc: D, secret?: S): void {
    const extra = this.#columns(doc);
    const sets = ['doc = ?', ...Object.keys(extra).map((name) => `${name} = ?`)];
    const values: SQLInputValue[] = [JSON.stringify(doc), ...Object.values(extra)];
    if (secret !== undefined) {
      sets.push('secret = ?');
      values.push(JSON.stringify(secret));
    }
    this.statement(`UPDATE ${this.table} SET ${sets.join(', ')} WHERE id = ?`).run(...values, doc.id);
  }

  delete(id: string): boolean {
    return Number(this.statement(`DELETE FROM ${this.table} WHERE id = ?`).run(id).changes) > 0;
  }

  page(query: PageQuery): Page<D> {
    const cursor = parseCursor(query.after);
    const clauses: string[] = [];
    const params: SQLInputValue[] = [...(query.params ?? [])];
    if (query.where) clauses.push(`(${query.where})`);
    if (cursor !== undefined) {
      clauses.push(query.descending ? 'seq < ?' : 'seq > ?');
      params.push(cursor);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const sql = `SELECT seq, doc FROM ${this.table} ${where} ORDER BY seq ${query.descending ? 'DESC' : 'ASC'} LIMIT ?`;
    // Dynamic filters produce many distinct SQL strings; only cache the plain ones.
    const statement = query.where ? this.db.prepare(sql) : this.statement(sql);
    const rows = statement.all(...params, query.limit) as { seq: number; doc: string }[];
    const last = rows.at(-1);
    return {
      items: rows.map((row) => JSON.parse(row.doc) as D),
      ...(rows.length === query.limit && last ? { next: String(last.seq) } : {}),
    };
  }

  all(where = '1 = 1', params: SQLInputValue[] = []): D[] {
    const rows = this.db.prepare(`SELECT doc FROM ${this.table} WHERE ${where} ORDER BY seq`).all(...params) as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as D);
  }
}

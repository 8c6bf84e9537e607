/**
 * Linked objects: a definition pairs a primary relationship (`manager`) with an associated one
 * (`subordinate`); a user has at most one primary per definition and any number of associated
 * users. Definitions are addressed by either name, as in Okta.
 */
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { baseUrl, isObject, limitQuery, link, noContent, readJsonObject, setPageLinks } from '../http.js';
import { DocTable, parseCursor } from '../store/doc-table.js';
import type { JsonObject } from '../store/types.js';
import { ATTRIBUTE_NAME } from '../schemas/attribute.js';
import { getUserOr404 } from '../users.js';
import { ValidationIssues } from '../validation.js';
import { perStore } from './per-store.js';

interface Side {
  name: string;
  title: string;
  description: string | null;
  type: 'USER';
}

export interface LinkedObjectDoc {
  id: string;
  primary: Side;
  associated: Side;
}

const definitions = perStore((db) => new DocTable<LinkedObjectDoc>(db, 'directory_linked_objects', (doc) => ({ primary_name: doc.primary.name, associated_name: doc.associated.name })));

function byName(deps: EmulatorDeps, name: string): LinkedObjectDoc | undefined {
  return definitions(deps).all('primary_name = ? OR associated_name = ?', [name, name])[0];
}

function render(doc: LinkedObjectDoc, base: string): JsonObject {
  return { primary: doc.primary, associated: doc.associated, _links: { self: link(`${base}/api/v1/meta/schemas/user/linkedObjects/${doc.primary.name}`) } };
}

function readSide(value: unknown, field: string, issues: ValidationIssues): Side {
  const side = isObject(value) ? value : {};
  if (!isObject(value)) issues.add(field, 'The field cannot be left blank');
  if (issues.requireString(side.name, `${field}.name`) && !ATTRIBUTE_NAME.test(side.name)) issues.add(`${field}.name`, 'must start with a letter and hold only letters, digits and _');
  issues.requireString(side.title, `${field}.title`);
  if (side.type !== undefined && side.type !== 'USER') issues.add(`${field}.type`, "must be 'USER'");
  return { name: String(side.name ?? ''), title: String(side.title ?? ''), description: typeof side.description === 'string' ? side.description : null, type: 'USER' };
}

function definitionOr404(c: EmulatorContext, deps: EmulatorDeps, param: string): LinkedObjectDoc {
  const name = c.req.param(param) ?? '';
  const doc = byName(deps, name);
  if (!doc) throw notFound('LinkedObject', name);
  return doc;
}

export function linkedObjectRoutes(deps: EmulatorDeps): RouteDef[] {
  const db = deps.store.db;
  return [
    {
      method: 'GET',
      path: '/api/v1/meta/schemas/user/linkedObjects',
      scope: 'okta.linkedObjects.read',
      handler: (c) => c.json(definitions(deps).all().map((doc) => render(doc, baseUrl(c, deps)))),
    },
    {
      method: 'POST',
      path: '/api/v1/meta/schemas/user/linkedObjects',
      scope: 'okta.linkedObjects.manage',
      handler: async (c) => {
        const body = await readJsonObject(c);
        const issues = new ValidationIssues();
        const primary = readSide(body.primary, 'primary', issues);
        const associated = readSide(body.associated, 'associated', issues);
        issues.throwIfAny();
        if (primary.name === associated.name) throw new OktaApiError('E0000127', 'The primary and associated names must differ.');
        for (const name of [primary.name, associated.name]) {
          if (byName(deps, name)) throw new OktaApiError('E0000127', `The name ${name} is already used by another linked object definition.`);
        }
        const doc: LinkedObjectDoc = { id: primary.name, primary, associated };
        definitions(deps).insert(doc);
        return c.json(render(doc, baseUrl(c, deps)), 201);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/meta/schemas/user/linkedObjects/{linkedObjectName}',
      scope: 'okta.linkedObjects.read',
      handler: (c) => c.json(render(definitionOr404(c, deps, 'linkedObjectName'), baseUrl(c, deps))),
    },
    {
      method: 'DELETE',
      path: '/api/v1/meta/schemas/user/linkedObjects/{linkedObjectName}',
      scope: 'okta.linkedObjects.manage',
      handler: (c) => {
        const doc = definitionOr404(c, deps, 'linkedObjectName');
        // The links of the definition go with it (ON DELETE CASCADE).
        definitions(deps).delete(doc.id);
        return noContent(c);
      },
    },
    {
      method: 'PUT',
      path: '/api/v1/users/{associatedUserId}/linkedObjects/{primaryRelationshipName}/{primaryUserId}',
      scope: 'okta.users.manage',
      handler: (c) => {
        const name = c.req.param('primaryRelationshipName') ?? '';
        const doc = definitions(deps).all('primary_name = ?', [name])[0];
        if (!doc) throw notFound('LinkedObject', name);
        const associated = getUserOr404(deps, c.req.param('associatedUserId') ?? '');
        const primary = getUserOr404(deps, c.req.param('primaryUserId') ?? '');
        if (associated.id === primary.id) throw new OktaApiError('E0000001', 'primaryUserId', ['primaryUserId: A user cannot be linked to themselves']);
        // One primary per associated user and definition: setting it again replaces it.
        db.prepare(
          `INSERT INTO directory_user_links (primary_name, primary_user_id, associated_user_id) VALUES (?, ?, ?)
           ON CONFLICT (primary_name, associated_user_id) DO UPDATE SET primary_user_id = excluded.primary_user_id`,
        ).run(doc.primary.name, primary.id, associated.id);
        return noContent(c);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users/{userId}/linkedObjects/{relationshipName}',
      scope: 'okta.users.read',
      handler: (c) => {
        const user = getUserOr404(deps, c.req.param('userId') ?? '');
        const doc = definitionOr404(c, deps, 'relationshipName');
        const asPrimary = doc.primary.name === c.req.param('relationshipName');
        const limit = limitQuery(c, 200, 200);
        // The primary name asks for the user's primary; the associated name for the users whose primary they are.
        const rows = db
          .prepare(
            asPrimary
              ? 'SELECT seq, primary_user_id AS id FROM directory_user_links WHERE primary_name = ? AND associated_user_id = ? AND seq > ? ORDER BY seq LIMIT ?'
              : 'SELECT seq, associated_user_id AS id FROM directory_user_links WHERE primary_name = ? AND primary_user_id = ? AND seq > ? ORDER BY seq LIMIT ?',
          )
          .all(doc.primary.name, user.id, parseCursor(c.req.query('after')) ?? 0, limit) as { seq: number; id: string }[];
        const last = rows.at(-1);
        setPageLinks(c, deps, rows.length === limit && last ? String(last.seq) : undefined);
        const base = baseUrl(c, deps);
        return c.json(rows.map((row) => ({ _links: { self: link(`${base}/api/v1/users/${row.id}`) } })));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/users/{userId}/linkedObjects/{relationshipName}',
      scope: 'okta.users.manage',
      handler: (c) => {
        const user = getUserOr404(deps, c.req.param('userId') ?? '');
        const name = c.req.param('relationshipName') ?? '';
        const doc = definitions(deps).all('primary_name = ?', [name])[0];
        if (!doc) throw notFound('LinkedObject', name);
        db.prepare('DELETE FROM directory_user_links WHERE primary_name = ? AND associated_user_id = ?').run(doc.primary.name, user.id);
        return noContent(c);
      },
    },
  ];
}

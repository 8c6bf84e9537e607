import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaApi } from '../../src/sdk/all.js';
import { createOktaClient, type OktaClient } from '../../src/sdk/client.js';
import { operations, type OperationSpec } from '../../src/sdk/operations.js';
import { startServer, type Recorded, type Reply, type TestServer } from './server.js';

type AnyMethod = (...args: unknown[]) => unknown;

// Ids with characters that must be percent-encoded in a path segment.
const idFor = (param: string): string => `${param} x/y?z#1`;
const encoded = (param: string): string => encodeURIComponent(idFor(param));

function expectedPath(op: OperationSpec): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, p: string) => encoded(p));
}

function replyFor(op: OperationSpec): Reply {
  if (!op.returnModel) return { status: 204 };
  const item = { id: `${op.name}-result`, model: op.returnModel };
  return { status: 200, body: op.collection ? [item, { ...item, id: `${op.name}-2` }] : item };
}

function argsFor(op: OperationSpec): { args: unknown[]; query: Record<string, string> } {
  const args: unknown[] = op.pathParams.map(idFor);
  if (op.bodyEncoding === 'json') args.push({ probe: op.name, nested: { n: 1 } });
  if (op.bodyEncoding === 'base64') args.push('TUlJQ2VydA==');
  if (op.bodyEncoding === 'binary') args.push(new Uint8Array([0x30, 0x82, 0x01, 0xff]));
  if (op.bodyEncoding === 'multipart') args.push(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }));
  const query: Record<string, string> = {};
  for (const q of op.queryParams) query[q] = `v ${q}&=`;
  args.push(query);
  return { args, query };
}

describe('operations table', () => {
  it('covers the whole seed surface with unique names', () => {
    expect(operations).toHaveLength(296);
    expect(new Set(operations.map((o) => o.name)).size).toBe(296);
  });
});

describe('every operation against a real server', () => {
  let server: TestServer;
  let client: OktaClient;
  const current: { op?: OperationSpec } = {};

  beforeAll(async () => {
    server = await startServer(() => replyFor(current.op!));
    client = createOktaClient({ orgUrl: server.url, auth: { type: 'ssws', token: 'table-token' }, retry: false });
  });
  afterAll(() => server.close());

  it.each(operations.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
    current.op = op;
    const areaModule = (await import(/* @vite-ignore */ new URL(`../../src/sdk/${op.area}.ts`, import.meta.url).href)) as Record<string, (c: OktaClient) => Record<string, AnyMethod>>;
    const api = areaModule[`${op.area}Api`]!(client);
    expect(typeof api[op.name]).toBe('function');
    expect(typeof (oktaApi(client) as unknown as Record<string, AnyMethod>)[op.name]).toBe('function');

    const { args, query } = argsFor(op);
    const before = server.requests.length;
    const raw = api[op.name]!(...args);
    const result = op.collection && op.method === 'GET'
      ? await (raw as { toArray(): Promise<unknown[]> }).toArray()
      : await raw;
    expect(server.requests.length - before).toBe(1);
    const req = server.requests.at(-1) as Recorded;

    expect(req.method).toBe(op.method);
    expect(req.rawUrl.split('?')[0]).toBe(expectedPath(op));
    const sent = Object.fromEntries(req.url.searchParams);
    expect(sent).toEqual({ ...query, ...op.fixedQuery });
    expect(req.headers.authorization).toBe('SSWS table-token');
    expect(req.headers['user-agent']).toMatch(/^gatehook\/\d+\.\d+\.\d+ /);
    checkBody(op, req, args);

    const expected = replyFor(op).body;
    expect(result).toEqual(expected);
  });
});

function checkBody(op: OperationSpec, req: Recorded, args: unknown[]): void {
  const bodyArg = args[op.pathParams.length];
  switch (op.bodyEncoding) {
    case 'json':
      expect(req.headers['content-type']).toBe('application/json');
      expect(JSON.parse(req.body.toString('utf8'))).toEqual(bodyArg);
      break;
    case 'base64':
      expect(req.headers['content-type']).toBe(op.contentType);
      expect(req.headers['content-transfer-encoding']).toBe('base64');
      expect(req.body.toString('utf8')).toBe(bodyArg);
      break;
    case 'binary':
      expect(req.headers['content-type']).toBe(op.contentType);
      expect([...req.body]).toEqual([...(bodyArg as Uint8Array)]);
      break;
    case 'multipart': {
      expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      const text = req.body.toString('latin1');
      expect(text).toContain(`name="${op.formField}"`);
      expect(text).toContain('\x89PNG');
      break;
    }
    default:
      expect(req.body.length).toBe(0);
      expect(req.headers['content-type']).toBeUndefined();
  }
}

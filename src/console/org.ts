/**
 * The console's way into the org: the emulator's own Management API, called in-process with the
 * development token, so every button has exactly the semantics (and the log events) of the API.
 */
import type { Emulator } from '../emulator/index.js';

export interface ApiAnswer {
  status: number;
  ok: boolean;
  body: unknown;
}

export class OrgApi {
  readonly #app: Emulator['app'];
  readonly #token: string;

  constructor(app: Emulator['app'], token: string) {
    this.#app = app;
    this.#token = token;
  }

  async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<ApiAnswer> {
    const headers: Record<string, string> = { authorization: `SSWS ${this.#token}`, accept: 'application/json' };
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await this.#app.request(path, init);
    const text = await response.text();
    let parsed: unknown = null;
    if (text !== '') {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, ok: response.ok, body: parsed };
  }

  /** A GET expected to answer a JSON array; anything else (an error) becomes an empty list plus the error. */
  async list<T>(path: string): Promise<{ items: T[]; error?: string }> {
    const answer = await this.call('GET', path);
    if (answer.ok && Array.isArray(answer.body)) return { items: answer.body as T[] };
    return { items: [], error: errorSummary(answer) };
  }
}

/** Okta's `errorSummary` plus its causes, for showing a refused action. */
export function errorSummary(answer: ApiAnswer): string {
  const body = answer.body as { errorSummary?: unknown; errorCauses?: { errorSummary?: unknown }[] } | null;
  if (body && typeof body.errorSummary === 'string') {
    const causes = (body.errorCauses ?? []).map((cause) => cause.errorSummary).filter((text) => typeof text === 'string');
    return causes.length ? `${body.errorSummary} (${causes.join('; ')})` : body.errorSummary;
  }
  return `HTTP ${answer.status}`;
}

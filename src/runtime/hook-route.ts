import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import { silentLogger } from '../middleware/logger/json-logger.js';
import { readRequestBody } from '../middleware/body/index.js';
import type { GatehookEnv } from '../middleware/types.js';
import type { BodyRead, HookPipeline, HookRequest } from './hook-pipeline.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;

/**
 * A hook's pipeline as a Hono handler: the request's headers and body go in, the pipeline's answer
 * comes out, and what it reports (outcome, reason, event id) is left on the context for the request
 * line `requestLogger` writes.
 */
export function hookRoute(pipeline: HookPipeline): MiddlewareHandler<GatehookEnv> {
  return async function hookRoute(c) {
    c.set('hookType', pipeline.hookType);
    const request: HookRequest = {
      header: (name) => c.req.header(name),
      receivedAt: c.get('receivedAt') ?? Date.now(),
      requestId: c.get('requestId') ?? crypto.randomUUID(),
      log: c.get('log') ?? silentLogger,
    };
    let answer = await pipeline.admit(request);
    if (answer === undefined) {
      let body: BodyRead;
      try {
        body = (await readRequestBody(c, pipeline.maxBytes)) ?? 'too-large';
      } catch {
        body = 'unreadable';
      }
      answer = await pipeline.complete(request, body);
    }
    c.set('outcome', answer.outcome);
    c.set('reason', answer.reason);
    c.set('eventId', answer.eventId);
    if (answer.body === null) return c.body(null, answer.status as StatusCode);
    return c.body(answer.body, answer.status as ContentfulStatusCode, answer.headers ? { ...JSON_HEADERS, ...answer.headers } : JSON_HEADERS);
  };
}

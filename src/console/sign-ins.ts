/**
 * The sign-ins the console lists: every app sign-in (`user.authentication.sso`, written when the
 * org answers an authorization request with a code) and every primary authentication attempt
 * (`user.session.start`, failures included), read from the System Log through the org's API.
 */
import type { LogEvent } from '../emulator/index.js';
import { errorSummary, type OrgApi } from './org.js';
import type { Redactor } from './redact.js';

export interface SignInView {
  id: string;
  published: string;
  kind: 'app' | 'org';
  user: string;
  /** The app signed in to; absent for a sign-in to the org itself. */
  app?: string;
  ok: boolean;
  reason?: string;
}

const EVENT_TYPES = ['user.authentication.sso', 'user.session.start'] as const;

function toView(event: LogEvent, redact: Redactor): SignInView {
  const app = event.target.find((target) => target.type === 'AppInstance');
  const ok = event.outcome.result === 'SUCCESS';
  return {
    id: event.uuid,
    published: event.published,
    kind: event.eventType === 'user.authentication.sso' ? 'app' : 'org',
    user: String(redact(event.actor.alternateId)),
    ...(app ? { app: app.displayName } : {}),
    ok,
    ...(!ok && event.outcome.reason ? { reason: String(redact(event.outcome.reason)) } : {}),
  };
}

/** The newest `limit` sign-ins, newest first. */
export async function loadSignIns(org: OrgApi, limit: number, redact: Redactor): Promise<{ items: SignInView[]; error?: string }> {
  const answers = await Promise.all(
    EVENT_TYPES.map((type) => org.call('GET', `/api/v1/logs?${new URLSearchParams({ filter: `eventType eq "${type}"`, sortOrder: 'DESCENDING', limit: String(limit) })}`)),
  );
  const failed = answers.find((answer) => !answer.ok || !Array.isArray(answer.body));
  if (failed) return { items: [], error: errorSummary(failed) };
  const events = answers.flatMap((answer) => answer.body as LogEvent[]);
  events.sort((a, b) => b.published.localeCompare(a.published));
  return { items: events.slice(0, limit).map((event) => toView(event, redact)) };
}

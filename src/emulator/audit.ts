import type { EmulatorContext, EmulatorDeps } from './context.js';
import { newUuid } from './ids.js';
import type { LogActor, LogEvent, LogTarget, UserDoc, GroupDoc } from './store/types.js';

export interface AuditEntry {
  eventType: string;
  displayMessage: string;
  target?: LogTarget[];
  outcome?: LogEvent['outcome'];
  severity?: LogEvent['severity'];
  /** Defaults to the authenticated caller. */
  actor?: LogActor;
}

/** Records a System Log event describing what this request did. */
export function audit(c: EmulatorContext, deps: EmulatorDeps, entry: AuditEntry): LogEvent {
  const requestId = c.get('requestId');
  const ip = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || '127.0.0.1';
  const userAgent = c.req.header('user-agent') ?? 'unknown';
  const event: LogEvent = {
    uuid: newUuid(),
    published: deps.clock.now().toISOString(),
    eventType: entry.eventType,
    version: '0',
    severity: entry.severity ?? 'INFO',
    legacyEventType: null,
    displayMessage: entry.displayMessage,
    actor: entry.actor ?? c.get('principal').actor,
    client: {
      userAgent: { rawUserAgent: userAgent, os: 'Unknown', browser: 'UNKNOWN' },
      zone: 'null',
      device: 'Unknown',
      id: null,
      ipAddress: ip,
      geographicalContext: null,
    },
    device: null,
    authenticationContext: { authenticationStep: 0, externalSessionId: 'unknown' },
    securityContext: {},
    outcome: entry.outcome ?? { result: 'SUCCESS', reason: null },
    target: entry.target ?? [],
    transaction: { type: 'WEB', id: requestId, detail: {} },
    debugContext: { debugData: { requestId, requestUri: new URL(c.req.url).pathname, url: new URL(c.req.url).pathname + new URL(c.req.url).search } },
    request: { ipChain: [{ ip, version: ip.includes(':') ? 'V6' : 'V4' }] },
  };
  deps.store.logs.append(event);
  return event;
}

export function userTarget(user: UserDoc): LogTarget {
  const name = [user.profile.firstName, user.profile.lastName].filter((part) => typeof part === 'string' && part).join(' ');
  return { id: user.id, type: 'User', alternateId: user.profile.login, displayName: name || user.profile.login, detailEntry: null };
}

export function userActor(user: UserDoc): LogActor {
  return userTarget(user);
}

export function groupTarget(group: GroupDoc): LogTarget {
  return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.profile.name, detailEntry: null };
}

/**
 * The event hook: clears a deactivated user's sessions (when an Okta client is configured; otherwise it
 * only logs), and logs group membership changes. `gatehook dev` serves it at /hooks/events with a local
 * queue; on AWS, src/lambda/events-worker.ts runs it behind the receiver's SQS queue.
 */
import { eventHook, subjectsOf } from 'gatehook/events';
import { sessionsApi } from 'gatehook/sdk/sessions';
import { oktaIfConfigured } from './okta-client.js';

export const events = eventHook()
  .onEvent('user.lifecycle.deactivate', async (event, ctx) => {
    const { user } = subjectsOf(event);
    const okta = oktaIfConfigured(ctx);
    if (!okta) {
      ctx.log.info('user deactivated; sessions left as they are', { userId: user.id });
      return;
    }
    await sessionsApi(okta).clearUserSessions(user.id, { oauthTokens: true, signal: ctx.signal });
    ctx.log.info('cleared sessions of deactivated user', { userId: user.id });
  })
  .onEvent(['group.user_membership.add', 'group.user_membership.remove'], (event, ctx) => {
    const { user, group } = subjectsOf(event);
    const change = event.eventType === 'group.user_membership.add' ? 'joined' : 'left';
    ctx.log.info(`user ${change} group`, { userId: user.id, user: user.alternateId, groupId: group.id, group: group.displayName });
  });

import { Authorized, Resolver, Root, Subscription } from 'type-graphql';
import { apiError } from '../../errors/api-errors';
import type { StillAllowed } from '../../realtime/live-events';
import type { SecurityEvent } from '../../realtime/security-events';
import type { RequestContext } from '../context.type';
import { AuditEvent } from '../types/audit-event.type';

/** The role securityEvents needs: checked on subscribe, on every event, and again when the user's roles change. */
const SECURITY_EVENTS_ROLE = 'ADMIN';
const stillAdmin: StillAllowed = (user) => user.roles.includes(SECURITY_EVENTS_ROLE);

/** The audit log, live, for administrators (WebSocket only), from every instance. */
@Resolver()
export class SecurityEventsResolver {
  @Authorized(SECURITY_EVENTS_ROLE)
  @Subscription(() => AuditEvent, {
    description: 'ADMIN: the audit log as it is written, from every instance (WebSocket only). Ends with FORBIDDEN when ADMIN is removed.',
    subscribe: ({ context }) => securityEventsOf(context as RequestContext),
  })
  securityEvents(@Root() event: SecurityEvent): AuditEvent {
    return AuditEvent.from(event);
  }
}

function securityEventsOf(context: RequestContext): AsyncIterable<SecurityEvent> {
  if (!context.live || !context.caller) {
    throw apiError('BAD_REQUEST', 'Subscriptions run over WebSocket at this same URL (protocol graphql-transport-ws)');
  }
  return context.live.securityEvents(context, stillAdmin);
}

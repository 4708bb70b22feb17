import { Authorized, Resolver, Root, Subscription } from 'type-graphql';
import { apiError } from '../../errors/api-errors';
import type { SessionEvent as SessionEventRecord } from '../../realtime/session-events';
import type { RequestContext } from '../context.type';
import { SessionEvent } from '../types/session-event.type';

/** Subscriptions: served over WebSocket only (src/realtime/), with the same schema as HTTP. */
@Resolver()
export class SessionEventsResolver {
  // @Authorized runs twice: on subscribe, and on every event against the user as stored at that moment.
  @Authorized()
  @Subscription(() => SessionEvent, {
    description: 'Signed in: events about your own account, from every session (WebSocket only, graphql-transport-ws).',
    subscribe: ({ context }) => sessionEventsOf(context as RequestContext),
  })
  sessionEvents(@Root() event: SessionEventRecord): SessionEvent {
    return SessionEvent.from(event);
  }
}

function sessionEventsOf(context: RequestContext): AsyncIterable<SessionEventRecord> {
  if (!context.live || !context.caller) {
    throw apiError('BAD_REQUEST', 'Subscriptions run over WebSocket at this same URL (protocol graphql-transport-ws)');
  }
  return context.live.sessionEvents(context);
}

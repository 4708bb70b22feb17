import { withAuditSink } from '../audit/audit-log';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { Stores } from '../stores/stores';
import { LiveEventFeed } from './live-event-feed';
import { SecurityEventBus } from './security-events';
import { SessionEventBus } from './session-events';

/** The events a server's sockets hear, from this instance at once and from the others through the store. */
export interface LiveChannels {
  /** Writes this instance's events to the store; CacheSync hands it the others'. */
  feed: LiveEventFeed;
  /** sessionEvents: each user's own account events. */
  sessions: SessionEventBus;
  /** securityEvents: the audit log as it is written. */
  security: SecurityEventBus;
  /** The logger to hand every service: its audit lines also reach `security`. */
  logger: Logger;
}

export function openLiveChannels(stores: Pick<Stores, 'liveEvents'>, clock: Clock, logger: Logger): LiveChannels {
  const feed = new LiveEventFeed(stores.liveEvents, clock, logger);
  const sessions = new SessionEventBus(clock, feed);
  const security = new SecurityEventBus(clock, feed);
  feed.deliverTo({ sessions, security });
  return { feed, sessions, security, logger: withAuditSink(logger, security) };
}

import { randomUUID } from 'node:crypto';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { LiveEventRecord, LiveEventStore } from '../stores/live-event.store';
import { SESSION_EVENT_TYPES, type SessionEvent, type SessionEventOutbox, type SessionEventType } from './session-events';
import type { SecurityEvent, SecurityEventOutbox } from './security-events';

/**
 * How long an event stays in the store: far longer than any poll reaches back (CacheSync.overlapMs is at most
 * twice the longest CACHE_SYNC_INTERVAL, 2 minutes, or the store's write-lag bound), and short enough that the
 * collection stays small.
 */
export const LIVE_EVENT_RETENTION_MS = 5 * 60_000;

/** Where events read from the store are handed on: the buses of this instance. */
export interface LiveEventTargets {
  sessions: { deliver(event: SessionEvent): void };
  security: { deliver(event: SecurityEvent): void };
}

const isSessionEventType = (type: string): type is SessionEventType => (SESSION_EVENT_TYPES as readonly string[]).includes(type);

/**
 * Events crossing instances through the store, with no new infrastructure: this instance writes its events to
 * the `events` collection, and the cache-sync poll (which already reads the revocation feed every
 * CACHE_SYNC_INTERVAL) reads the others' back through `received`. An event is delivered once per instance:
 * never again on the instance that wrote it (it delivered it in process), never twice when polls overlap.
 */
export class LiveEventFeed implements SessionEventOutbox, SecurityEventOutbox {
  /** This instance, as the `origin` of what it writes. */
  readonly origin = randomUUID();
  /** Event id → its expiry: polls reach back and read an event more than once. */
  private readonly delivered = new Map<string, number>();
  private targets: LiveEventTargets | undefined;

  constructor(
    private readonly store: LiveEventStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The buses events from other instances go to (set once both exist). */
  deliverTo(targets: LiveEventTargets): void {
    this.targets = targets;
  }

  sessionEventHappened(event: SessionEvent): Promise<void> {
    const { userId, type, sessionId, device, at } = event;
    return this.write({ kind: 'session', userId, type, sessionId, device, actorId: null, ip: null, requestId: null, at });
  }

  securityEventHappened(event: SecurityEvent): Promise<void> {
    const { event: type, userId, actorId, ip, requestId, at } = event;
    return this.write({ kind: 'audit', userId, type, sessionId: null, device: null, actorId, ip, requestId, at });
  }

  /** What the cache-sync poll read: other instances' events, each handed on once. */
  received(records: readonly LiveEventRecord[]): void {
    this.forgetExpired();
    for (const record of records) {
      if (record.origin === this.origin || this.delivered.has(record.id)) continue;
      this.delivered.set(record.id, record.expiresAt.getTime());
      this.handOn(record);
    }
  }

  private handOn(record: LiveEventRecord): void {
    if (!this.targets) return;
    const { userId, type, at } = record;
    if (record.kind === 'audit') {
      this.targets.security.deliver({ event: type, userId, actorId: record.actorId, ip: record.ip, requestId: record.requestId, at });
    } else if (userId && isSessionEventType(type)) {
      this.targets.sessions.deliver({ userId, type, at, sessionId: record.sessionId, device: record.device });
    }
  }

  private async write(event: Omit<LiveEventRecord, 'id' | 'origin' | 'expiresAt'>): Promise<void> {
    const expiresAt = new Date(event.at.getTime() + LIVE_EVENT_RETENTION_MS);
    try {
      await this.store.append({ ...event, id: randomUUID(), origin: this.origin, expiresAt });
    } catch (error) {
      // The change itself is made: only its announcement on the other instances is lost (their sockets still close).
      this.logger.warn({ err: error, type: event.type }, 'live event not written: other instances will not deliver it');
    }
  }

  private forgetExpired(): void {
    const now = this.clock.now();
    for (const [id, expiresAt] of this.delivered) {
      // Kept in arrival order, which is nearly expiry order: stop at the first live one.
      if (expiresAt > now) return;
      this.delivered.delete(id);
    }
  }
}

import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { observeCacheSyncLag } from '../../metrics/hooks';
import type { LiveEventRecord } from '../../stores/live-event.store';
import { sessionIdOfRevocationKey, sessionRevocationKey } from '../../stores/revoked-token.store';
import type { Stores } from '../../stores/stores';
import type { RevocationListener } from './revocation-bus';

/** How far apart the clocks of instances sharing a store may be (they should run NTP). */
export const TOLERATED_CLOCK_SKEW_MS = 2_000;

/** Hears the events other instances wrote (session and audit events, for their sockets): LiveEventFeed. */
export interface LiveEventReceiver {
  received(records: readonly LiveEventRecord[]): void;
}

/**
 * Hears revocations made by other instances on the same store: every interval, asks the store which
 * tokens were revoked and which users changed since the last poll, and tells the cache to forget them.
 * Each poll reaches back a margin before the previous one, so writes stamped by another host's slower
 * clock, or stamped and then slow to land, are not missed. A revoked jti is announced to the cache once:
 * hearing it again would only make in-flight cache fills start over.
 */
export class CacheSync {
  private timer: NodeJS.Timeout | undefined;
  private cursor: number;
  private stopped = false;
  /** jti → when first heard, oldest first; kept while the feed can still return it. */
  private readonly heard = new Map<string, number>();
  /** User changes already measured ("id@stamp" → when heard), and users this instance changed itself (id → when). */
  private readonly heardUserChanges = new Map<string, number>();
  private readonly changedHere = new Map<string, number>();

  /**
   * Listens on this instance's revocation bus: what it revoked itself its cache already applied, so the feed
   * need not announce it again, and its lag is not the cross-instance lag the metric reports.
   */
  readonly localWrites: RevocationListener = {
    tokenRevoked: (jti) => this.heardHere(jti),
    sessionRevoked: (sessionId) => this.heardHere(sessionRevocationKey(sessionId)),
    userChanged: (userId) => {
      this.changedHere.delete(userId);
      this.changedHere.set(userId, this.clock.now());
    },
  };

  private heardHere(key: string): void {
    this.heard.delete(key); // re-inserted last: the map stays in time order
    this.heard.set(key, this.clock.now());
  }

  constructor(
    private readonly stores: Stores,
    private readonly cache: RevocationListener & { clear(): void },
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly events?: LiveEventReceiver,
  ) {
    this.cursor = clock.now();
  }

  /** How far back each poll reaches before the previous one. */
  get overlapMs(): number {
    return Math.max(2 * this.intervalMs, this.stores.writeLagBoundMs + TOLERATED_CLOCK_SKEW_MS);
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One poll; public so that tests and shutdown can run one on demand. */
  async pollOnce(): Promise<void> {
    const startedAt = this.clock.now();
    const since = new Date(this.cursor - this.overlapMs);
    try {
      const [revoked, changed] = await Promise.all([
        this.stores.revokedTokens.revokedSince(since),
        this.stores.users.changedSince(since),
      ]);
      // Read after the revocations: an event is written before the change that ends its sockets, so a poll
      // that sees the change sees the event too. Handed on first: queued on a socket before its close.
      if (this.events) this.events.received(await this.stores.liveEvents.since(since));
      for (const { jti, revokedAt } of revoked) {
        if (this.heard.has(jti)) continue;
        this.heard.set(jti, startedAt);
        // A revoked session rides the same feed, under a key of its own (sessionRevocationKey).
        const sessionId = sessionIdOfRevocationKey(jti);
        if (sessionId === undefined) this.cache.tokenRevoked(jti);
        else this.cache.sessionRevoked(sessionId);
        observeCacheSyncLag('tokens', revokedAt.getTime(), this.clock.now());
      }
      // Measured before they are announced: the announcement reaches localWrites, which would take them for ours.
      this.measureUserChanges(changed, startedAt);
      // Always announced: two changes of one user can share a millisecond, so no key tells them apart.
      for (const { id } of changed) this.cache.userChanged(id);
      this.forgetHeardBefore(since.getTime());
      this.cursor = startedAt;
    } catch (error) {
      // Deaf to other instances: serving from the cache could outlive a revocation, so forget it all.
      // The cursor stays, so the next successful poll catches up.
      this.cache.clear();
      this.logger.warn({ err: error }, 'auth cache sync failed: cache cleared, every request asks the store');
    }
  }

  /**
   * Entries heard before the window began are past it: the feed returns them again only if their writer's
   * clock ran ahead of ours, and then hearing them twice is harmless.
   */
  private forgetHeardBefore(time: number): void {
    for (const heard of [this.heard, this.heardUserChanges, this.changedHere]) {
      for (const [key, heardAt] of heard) {
        if (heardAt >= time) break;
        heard.delete(key);
      }
    }
  }

  /** Each change made on another instance is measured once, however many polls return it. */
  private measureUserChanges(changed: ReadonlyArray<{ id: string; updatedAt: Date }>, heardAt: number): void {
    for (const { id, updatedAt } of changed) {
      const stamp = updatedAt.getTime();
      const key = `${id}@${stamp}`;
      const here = this.changedHere.get(id);
      if (this.heardUserChanges.has(key) || (here !== undefined && here >= stamp)) continue;
      this.heardUserChanges.set(key, heardAt);
      observeCacheSyncLag('users', stamp, this.clock.now());
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    // A chain of timeouts, not an interval: polls never overlap on a slow store.
    this.timer = setTimeout(() => void this.pollOnce().finally(() => this.schedule()), this.intervalMs);
    this.timer.unref();
  }
}

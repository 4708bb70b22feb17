import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { Stores } from '../../stores/stores';
import type { RevocationListener } from './revocation-bus';

/**
 * Hears revocations made by other instances on the same store: every interval, asks the store which
 * tokens were revoked and which users changed since the last poll, and tells the cache to forget them.
 * Each poll reaches back a margin before the previous one, so writes stamped by a slightly slower clock
 * (another host) or landing during a poll are not missed; hearing one twice is harmless.
 */
export class CacheSync {
  private timer: NodeJS.Timeout | undefined;
  private cursor: number;
  private stopped = false;

  constructor(
    private readonly stores: Stores,
    private readonly cache: RevocationListener & { clear(): void },
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.cursor = clock.now();
  }

  /** How far back each poll reaches before the previous one. */
  get overlapMs(): number {
    return Math.max(2 * this.intervalMs, 2000);
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
      const [jtis, userIds] = await Promise.all([
        this.stores.revokedTokens.revokedSince(since),
        this.stores.users.changedSince(since),
      ]);
      for (const jti of jtis) this.cache.tokenRevoked(jti);
      for (const id of userIds) this.cache.userChanged(id);
      this.cursor = startedAt;
    } catch (error) {
      // Deaf to other instances: serving from the cache could outlive a revocation, so forget it all.
      // The cursor stays, so the next successful poll catches up.
      this.cache.clear();
      this.logger.warn({ err: error }, 'auth cache sync failed: cache cleared, every request asks the store');
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    // A chain of timeouts, not an interval: polls never overlap on a slow store.
    this.timer = setTimeout(() => void this.pollOnce().finally(() => this.schedule()), this.intervalMs);
    this.timer.unref();
  }
}

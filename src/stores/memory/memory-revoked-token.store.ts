import type { Clock } from '../../lib/clock';
import type { RevocationStamp, RevokedToken, RevokedTokenStore } from '../revoked-token.store';

const SWEEP_INTERVAL_MS = 60_000;

/** The entry as given, plus when it was recorded (for the change feed). */
type StoredRevocation = RevokedToken & { revokedAt: number };

export class MemoryRevokedTokenStore implements RevokedTokenStore {
  private readonly entries = new Map<string, StoredRevocation>();
  /** The same entries in revokedAt order: the change feed, polled twice a second, reads only its tail. */
  private byRevokedAt: StoredRevocation[] = [];
  private lastSweep: number;

  constructor(private readonly clock: Clock) {
    this.lastSweep = clock.now();
  }

  async revoke(entry: RevokedToken): Promise<boolean> {
    this.sweepExpired();
    if (this.entries.has(entry.jti)) return false;
    const stored = { ...copyOf(entry), revokedAt: this.clock.now() };
    this.entries.set(entry.jti, stored);
    // Almost always an append; a clock set back (tests) inserts in place.
    this.byRevokedAt.splice(firstAtOrAfter(this.byRevokedAt, stored.revokedAt + 1), 0, stored);
    return true;
  }

  async find(jti: string): Promise<RevokedToken | null> {
    const entry = this.entries.get(jti);
    if (!entry || entry.expiresAt.getTime() <= this.clock.now()) return null;
    const { revokedAt: _recordedAt, ...revoked } = entry;
    return copyOf(revoked);
  }

  async revokedSince(since: Date): Promise<RevocationStamp[]> {
    const from = since.getTime();
    const now = this.clock.now();
    const jtis: RevocationStamp[] = [];
    for (let i = firstAtOrAfter(this.byRevokedAt, from); i < this.byRevokedAt.length; i++) {
      const entry = this.byRevokedAt[i];
      if (entry.reason !== 'rotated' && entry.expiresAt.getTime() > now) jtis.push({ jti: entry.jti, revokedAt: new Date(entry.revokedAt) });
    }
    return jtis;
  }

  // Plays the part of MongoDB's TTL monitor: keeps memory bounded by the live revocations.
  private sweepExpired(): void {
    const now = this.clock.now();
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    for (const [jti, entry] of this.entries) {
      if (entry.expiresAt.getTime() <= now) this.entries.delete(jti);
    }
    this.byRevokedAt = this.byRevokedAt.filter((entry) => this.entries.get(entry.jti) === entry);
  }
}

/** Index of the first entry recorded at or after `time` (binary search over revokedAt order). */
function firstAtOrAfter(entries: readonly StoredRevocation[], time: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (entries[middle].revokedAt < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Entries go in and out as copies, as they would through a database. */
function copyOf(entry: RevokedToken): RevokedToken {
  const { successor, ...rest } = entry;
  return structuredClone(successor ? entry : rest);
}

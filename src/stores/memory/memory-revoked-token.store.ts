import type { Clock } from '../../lib/clock';
import type { RevokedToken, RevokedTokenStore } from '../revoked-token.store';

const SWEEP_INTERVAL_MS = 60_000;

/** The entry as given, plus when it was recorded (for the change feed). */
type StoredRevocation = RevokedToken & { revokedAt: number };

export class MemoryRevokedTokenStore implements RevokedTokenStore {
  private readonly entries = new Map<string, StoredRevocation>();
  private lastSweep: number;

  constructor(private readonly clock: Clock) {
    this.lastSweep = clock.now();
  }

  async revoke(entry: RevokedToken): Promise<boolean> {
    this.sweepExpired();
    if (this.entries.has(entry.jti)) return false;
    this.entries.set(entry.jti, { ...copyOf(entry), revokedAt: this.clock.now() });
    return true;
  }

  async find(jti: string): Promise<RevokedToken | null> {
    const entry = this.entries.get(jti);
    if (!entry || entry.expiresAt.getTime() <= this.clock.now()) return null;
    const { revokedAt: _recordedAt, ...revoked } = entry;
    return copyOf(revoked);
  }

  async revokedSince(since: Date): Promise<string[]> {
    const from = since.getTime();
    const now = this.clock.now();
    const jtis: string[] = [];
    for (const entry of this.entries.values()) {
      if (entry.revokedAt >= from && entry.expiresAt.getTime() > now) jtis.push(entry.jti);
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
  }
}

/** Entries go in and out as copies, as they would through a database. */
function copyOf(entry: RevokedToken): RevokedToken {
  const { successor, ...rest } = entry;
  return structuredClone(successor ? entry : rest);
}

import type { Clock } from '../../lib/clock';
import type { RevokedToken, RevokedTokenStore } from '../revoked-token.store';

const SWEEP_INTERVAL_MS = 60_000;

export class MemoryRevokedTokenStore implements RevokedTokenStore {
  private readonly entries = new Map<string, RevokedToken>();
  private lastSweep: number;

  constructor(private readonly clock: Clock) {
    this.lastSweep = clock.now();
  }

  async revoke(entry: RevokedToken): Promise<boolean> {
    this.sweepExpired();
    if (this.entries.has(entry.jti)) return false;
    this.entries.set(entry.jti, copyOf(entry));
    return true;
  }

  async find(jti: string): Promise<RevokedToken | null> {
    const entry = this.entries.get(jti);
    if (!entry || entry.expiresAt.getTime() <= this.clock.now()) return null;
    return copyOf(entry);
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

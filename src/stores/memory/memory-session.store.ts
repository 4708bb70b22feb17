import type { Clock } from '../../lib/clock';
import type { NewSession, SessionActivity, SessionRecord, SessionStore } from '../session.store';

const SWEEP_INTERVAL_MS = 60_000;

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  private lastSweep: number;

  constructor(private readonly clock: Clock) {
    this.lastSweep = clock.now();
  }

  async create(session: NewSession): Promise<void> {
    this.sweepExpired();
    if (this.sessions.has(session.id)) throw new Error(`session ${session.id} already exists`);
    this.sessions.set(session.id, copyOf({ ...session, revokedAt: null }));
  }

  async find(id: string): Promise<SessionRecord | null> {
    const session = this.unexpired(id);
    return session ? copyOf(session) : null;
  }

  async listLive(userId: string, tokenVersion: number): Promise<SessionRecord[]> {
    const now = this.clock.now();
    return [...this.sessions.values()]
      .filter((s) => s.userId === userId && s.tokenVersion === tokenVersion && !s.revokedAt && s.expiresAt.getTime() > now)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(copyOf);
  }

  async touch(id: string, activity: SessionActivity): Promise<SessionRecord | null> {
    const session = this.live(id);
    if (!session) return null;
    Object.assign(session, { lastActiveAt: new Date(activity.at), lastIp: activity.ip, lastUserAgent: activity.userAgent });
    return copyOf(session);
  }

  async revoke(id: string, userId: string): Promise<SessionRecord | null> {
    const session = this.live(id);
    if (!session || session.userId !== userId) return null;
    session.revokedAt = new Date(this.clock.now());
    return copyOf(session);
  }

  async setAmr(id: string, userId: string, amr: string[]): Promise<SessionRecord | null> {
    const session = this.live(id);
    if (!session || session.userId !== userId) return null;
    session.amr = [...amr];
    return copyOf(session);
  }

  async setTokenVersion(id: string, userId: string, tokenVersion: number): Promise<SessionRecord | null> {
    const session = this.live(id);
    if (!session || session.userId !== userId) return null;
    session.tokenVersion = tokenVersion;
    return copyOf(session);
  }

  private unexpired(id: string): SessionRecord | undefined {
    const session = this.sessions.get(id);
    return session && session.expiresAt.getTime() > this.clock.now() ? session : undefined;
  }

  private live(id: string): SessionRecord | undefined {
    const session = this.unexpired(id);
    return session && !session.revokedAt ? session : undefined;
  }

  // Plays the part of MongoDB's TTL monitor.
  private sweepExpired(): void {
    const now = this.clock.now();
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    for (const [id, session] of this.sessions) {
      if (session.expiresAt.getTime() <= now) this.sessions.delete(id);
    }
  }
}

/** Records go in and out as copies, as they would through a database (Dates made here, not by structuredClone's realm). */
const copyOf = (session: SessionRecord): SessionRecord => ({
  ...session,
  createdAt: new Date(session.createdAt),
  lastActiveAt: new Date(session.lastActiveAt),
  expiresAt: new Date(session.expiresAt),
  amr: [...session.amr],
  revokedAt: session.revokedAt ? new Date(session.revokedAt) : null,
});

/** What a live event is about: a user's account (sessionEvents) or an audit line (securityEvents). */
export type LiveEventKind = 'session' | 'audit';

/**
 * One event as it crosses instances (collection `events`): written by the instance where it happened, read by
 * the others' cache-sync poll, kept a few minutes (longer than any poll window reaches back), then cleaned up.
 * Plain strings only: no token, code or password can ride in one.
 */
export interface LiveEventRecord {
  /** Random UUID: a poll that reads an event twice delivers it once. */
  id: string;
  /** The instance that wrote it: that one delivered it already and skips it. */
  origin: string;
  kind: LiveEventKind;
  userId: string | null;
  /** The session event type (SESSION_REVOKED…) or the audit event name (login_failed…). */
  type: string;
  sessionId: string | null;
  device: string | null;
  actorId: string | null;
  ip: string | null;
  requestId: string | null;
  at: Date;
  /** After it the entry is dead weight: not returned, and removed by the TTL clean-up. */
  expiresAt: Date;
}

export interface LiveEventStore {
  /** Records one event (ids are random UUIDs: never twice). */
  append(event: LiveEventRecord): Promise<void>;
  /** The live events recorded at or after `since` (`at`), oldest first; expiry is checked here, not left to the TTL. */
  since(since: Date): Promise<LiveEventRecord[]>;
}

/**
 * A sign-in session: the refresh-token family that follows from one login, register or MFA completion,
 * stored under the tokens' `sid`. Kept until its absolute expiry (TTL clean-up); a revoked session stays,
 * marked, so that its tokens are told apart from those issued before sessions were recorded.
 */
export interface SessionRecord {
  /** The tokens' `sid`. */
  id: string;
  userId: string;
  createdAt: Date;
  /** The last refresh (the creation until one). */
  lastActiveAt: Date;
  /** Absolute: auth_time + SESSION_MAX_LIFETIME (SESSION_SHORT_LIFETIME without "remember me"). */
  expiresAt: Date;
  /**
   * The user's token version the session's tokens carry. Raising it (logoutAll, changePassword, refresh
   * reuse) ends every session at once without touching them; a password change moves the caller's along.
   */
  tokenVersion: number;
  createdIp: string | null;
  createdUserAgent: string | null;
  lastIp: string | null;
  lastUserAgent: string | null;
  /** A readable label parsed from the user agent ("Firefox 128 on Linux"). */
  device: string;
  /** How the user authenticated (the tokens' `amr`): ["pwd"], ["pwd","otp"]… */
  amr: string[];
  /** False: signed in without "remember me" (SESSION_SHORT_LIFETIME, a browser-session cookie). */
  remembered: boolean;
  /** When it was ended (revokeSession, logout, binding mismatch…); null while live. */
  revokedAt: Date | null;
}

export type NewSession = Omit<SessionRecord, 'revokedAt'>;

/** A refresh: when and from where. */
export interface SessionActivity {
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionStore {
  /** Stores a new session (ids are random UUIDs). */
  create(session: NewSession): Promise<void>;
  /** The session, revoked or not, unless past expiresAt (checked here: the TTL clean-up may lag). */
  find(id: string): Promise<SessionRecord | null>;
  /** The user's live sessions (not revoked, not expired, of this token version), newest first. */
  listLive(userId: string, tokenVersion: number): Promise<SessionRecord[]>;
  /** Records a refresh, atomically and only while the session is live; null when it is not (revoked, expired, unknown). */
  touch(id: string, activity: SessionActivity): Promise<SessionRecord | null>;
  /**
   * Ends the user's live session, atomically (a conditional update): the record as ended, or null when there
   * was none to end (unknown, another user's, expired, already revoked). Of two racing calls one gets it.
   */
  revoke(id: string, userId: string): Promise<SessionRecord | null>;
  /** Replaces how a live session of the user authenticated (a step-up to a second factor); null when none. */
  setAmr(id: string, userId: string, amr: string[]): Promise<SessionRecord | null>;
  /** Moves a live session of the user to a new token version (the caller's session across changePassword). */
  setTokenVersion(id: string, userId: string, tokenVersion: number): Promise<SessionRecord | null>;
}

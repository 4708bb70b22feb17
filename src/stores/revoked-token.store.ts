/** `session`: not a token but a whole session, under sessionRevocationKey(sid), so that it rides the change feed. */
export type RevocationReason = 'rotated' | 'logout' | 'reuse' | 'session';

/**
 * A revoked session travels on the revoked-token feed as an entry whose jti is this key: other instances'
 * caches then forget the session (and with it every access token of that sid). Token jtis are UUIDs, so the
 * prefix cannot collide with one.
 */
const SESSION_KEY_PREFIX = 'session:';
export const sessionRevocationKey = (sessionId: string): string => `${SESSION_KEY_PREFIX}${sessionId}`;
/** The session id of a feed entry made by sessionRevocationKey, or undefined for a token's jti. */
export const sessionIdOfRevocationKey = (jti: string): string | undefined =>
  jti.startsWith(SESSION_KEY_PREFIX) ? jti.slice(SESSION_KEY_PREFIX.length) : undefined;

export interface RevokedToken {
  jti: string;
  userId: string;
  reason: RevocationReason;
  /** The token's own exp: after it the entry is dead weight and may be cleaned up. */
  expiresAt: Date;
  /** Only for a rotated refresh token: the pair it was exchanged for, kept for the reuse grace window. */
  successor?: RotationSuccessor;
}

/**
 * The claims of the pair a refresh token was rotated into: signing them again gives the same tokens,
 * so no token is stored. The store keeps them as opaque JSON and returns them in their key order.
 */
export interface RotationSuccessor {
  rotatedAt: Date;
  access: Record<string, unknown>;
  refresh: Record<string, unknown>;
  /** The client that rotated: only it may have the pair again. Absent on rotations recorded before it was kept. */
  client?: RotationClient;
}

/** Who rotated, as far as the grace window cares: a network, never a full address; nothing secret. */
export interface RotationClient {
  /** The client's /24 (IPv4) or /48 (IPv6), e.g. "203.0.113.0/24". */
  subnet: string;
  /** SHA-256 of the User-Agent header (hex): fixed size, whatever the client sends. */
  userAgentHash: string;
}

/** One entry of the revocation feed: the jti, and when the store recorded it (the writing instance's clock). */
export interface RevocationStamp {
  jti: string;
  revokedAt: Date;
}

export interface RevokedTokenStore {
  /**
   * Records a revocation. Returns false when the jti was already revoked: the insert is atomic
   * (a unique key, not read-then-write), so of two racing calls exactly one gets true.
   */
  revoke(entry: RevokedToken): Promise<boolean>;
  /** The live entry for a jti, or null; entries past expiresAt count as gone even before clean-up. */
  find(jti: string): Promise<RevokedToken | null>;
  /**
   * Change feed for caches on other instances: jtis of live entries recorded at or after `since`, except
   * rotations: they spend refresh tokens, which no cache holds, and at refresh rates they would flood the feed.
   * Each with its stamp, so a poller can tell how long a revocation took to reach it (cache-sync lag).
   */
  revokedSince(since: Date): Promise<RevocationStamp[]>;
}

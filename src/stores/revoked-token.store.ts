export type RevocationReason = 'rotated' | 'logout' | 'reuse';

export interface RevokedToken {
  jti: string;
  userId: string;
  reason: RevocationReason;
  /** The token's own exp: after it the entry is dead weight and may be cleaned up. */
  expiresAt: Date;
}

export interface RevokedTokenStore {
  /**
   * Records a revocation. Returns false when the jti was already revoked: the insert is atomic
   * (a unique key, not read-then-write), so of two racing calls exactly one gets true.
   */
  revoke(entry: RevokedToken): Promise<boolean>;
  /** The live entry for a jti, or null; entries past expiresAt count as gone even before clean-up. */
  find(jti: string): Promise<RevokedToken | null>;
  /** Change feed for caches on other instances: jtis of live entries recorded at or after `since`. */
  revokedSince(since: Date): Promise<string[]>;
}

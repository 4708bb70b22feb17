/**
 * When each signing key stopped signing: the first start that lists a key as previous records the time,
 * and tokens that key signed later than that (plus JWT_ROTATION_OVERLAP) are refused. Keys are named by a
 * fingerprint (a SHA-256 of the secret), never by the secret itself.
 *
 * Records do not expire: forgetting one would let a later start record a later retirement, and a token
 * forged with the old key would be accepted again. A key is a few dozen bytes; rotations are rare.
 */
export interface SigningKeyStore {
  /**
   * Records that the key was retired at `retiredAt`, unless it already has a record: the first record wins,
   * atomically (two instances starting at once keep one time). Returns the retirement time in force.
   */
  recordRetirement(keyId: string, retiredAt: Date): Promise<Date>;
  /** Forgets the key's retirement, because it signs again. True when there was a record. */
  forgetRetirement(keyId: string): Promise<boolean>;
}

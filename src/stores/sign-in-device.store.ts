/**
 * Where an account has signed in lately: one small record per user, device (browser family and operating
 * system) and network (/24 or /48), under an opaque key, so the owner can be told of a sign-in from elsewhere.
 * Apart from sessions: it outlives them (90 days from the last sign-in), and holds no address or user agent.
 */
export interface SignInDeviceSighting {
  /** SHA-256 of the user, device and network (mail/new-device-notices.ts): the lookup key, nothing readable. */
  key: string;
  userId: string;
  seenAt: Date;
  /** Checked on every read; the TTL index only cleans up, some time after. */
  expiresAt: Date;
}

export interface SignInDeviceStore {
  /**
   * Records a sign-in from this device and network, remembered until `expiresAt`. True when it was new: no
   * record, or only an expired one. One atomic upsert: of two racing sign-ins from one new place, one hears true.
   */
  remember(sighting: SignInDeviceSighting): Promise<boolean>;
}

import type { mongo } from 'mongoose';
import type { LinkTokenStore } from './link-token.store';
import type { LiveEventStore } from './live-event.store';
import type { RevokedTokenStore } from './revoked-token.store';
import type { SessionStore } from './session.store';
import type { SignInDeviceStore } from './sign-in-device.store';
import type { SigningKeyStore } from './signing-key.store';
import type { UserStore } from './user.store';

export type StoreKindName = 'mongodb' | 'memory';

/** Everything the service keeps, behind interfaces that each storage backend implements. */
export interface Stores {
  readonly kind: StoreKindName;
  /** A human-readable location, never with credentials. */
  readonly description: string;
  readonly users: UserStore;
  readonly revokedTokens: RevokedTokenStore;
  /** When each previous signing key was retired. */
  readonly signingKeys: SigningKeyStore;
  /** Single-use tokens mailed in links (verification, password reset, email change): only their SHA-256. */
  readonly linkTokens: LinkTokenStore;
  /** Sign-in sessions (the refresh-token families under each sid). */
  readonly sessions: SessionStore;
  /** Where each account signed in lately (device and network), for the new-device notice: 90 days, apart from sessions. */
  readonly signInDevices: SignInDeviceStore;
  /** Session and audit events on their way to the other instances' sockets (a few minutes, TTL). */
  readonly liveEvents: LiveEventStore;
  /**
   * The longest a write may take, after it was stamped with the clock, to become visible to readers:
   * the change feed's pollers reach back at least this far.
   */
  readonly writeLagBoundMs: number;
  /** The MongoDB client and database, for state shared between instances (rate-limit counters). */
  readonly mongo?: { readonly client: mongo.MongoClient; readonly dbName: string };
  /** True when the backend answers right now. */
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

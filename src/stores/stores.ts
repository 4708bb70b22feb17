import type { RevokedTokenStore } from './revoked-token.store';
import type { UserStore } from './user.store';

export type StoreKindName = 'mongodb' | 'memory';

/** Everything the service keeps, behind interfaces that each storage backend implements. */
export interface Stores {
  readonly kind: StoreKindName;
  /** A human-readable location, never with credentials. */
  readonly description: string;
  readonly users: UserStore;
  readonly revokedTokens: RevokedTokenStore;
  /** True when the backend answers right now. */
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

import { AuthService } from '../auth/auth.service';
import { AuthCache } from '../auth/cache/auth-cache';
import { CacheSync } from '../auth/cache/cache-sync';
import { publishingStores } from '../auth/cache/publishing-stores';
import { RevocationBus } from '../auth/cache/revocation-bus';
import { BcryptPool, sharedBcryptPool } from '../auth/passwords/bcrypt.pool';
import { PasswordHasher } from '../auth/passwords/password.hasher';
import { RequestAuthenticator } from '../auth/request-authenticator';
import type { KeyRetirements } from '../auth/tokens/key-retirement';
import { TokenService } from '../auth/tokens/token.service';
import type { Config } from '../config/config';
import { KnownDevices } from '../devices/known-devices';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { Stores } from '../stores/stores';
import { UserService } from '../users/user.service';
import { TokenIntrospection } from '../oauth/token-introspection';

export interface Services {
  auth: AuthService;
  users: UserService;
  authenticator: RequestAuthenticator;
  /** RFC 7662 introspection and RFC 7009 revocation (/oauth/*). */
  introspection: TokenIntrospection;
  /** Device tokens presented at login: which ones earn the device its own login budget. */
  devices: KnownDevices;
  /** The authenticator's cache, exposed for diagnostics and tests (sizes, forced sync). */
  authCache: AuthCache;
  cacheSync: CacheSync;
  /** Stops background work (cache sync, a bcrypt pool of its own); the store is closed by its owner. */
  close(): Promise<void>;
}

/** The composition root: the one place that wires the layers together. */
export function createServices(config: Config, stores: Stores, clock: Clock, logger: Logger, keyRetirements?: KeyRetirements): Services {
  const tokens = new TokenService(config.jwt, clock, keyRetirements, config.rolePermissions);
  const workers = config.cache.passwordWorkers;
  // A configured size gets this server its own pool, closed with it; otherwise the process-wide one.
  const ownPool = workers > 0 ? new BcryptPool(workers) : undefined;
  const passwords = new PasswordHasher(config.bcryptCost, ownPool ?? sharedBcryptPool());
  // Writes through `published` announce revocations to this instance's cache at once;
  // other instances hear of them through CacheSync within one interval.
  const bus = new RevocationBus();
  const authCache = new AuthCache({ maxEntries: config.cache.maxEntries, ttlMs: config.cache.ttlMs }, clock);
  bus.subscribe(authCache);
  const published = publishingStores(stores, bus);
  const cacheSync = new CacheSync(stores, authCache, clock, config.cache.syncIntervalMs, logger);
  // What this instance writes, its cache hears at once: the feed leaves it out (and out of the lag metric).
  bus.subscribe(cacheSync.localWrites);
  cacheSync.start();
  return {
    auth: new AuthService(published, tokens, passwords, logger),
    users: new UserService(published, logger),
    authenticator: new RequestAuthenticator(stores, tokens, config.authHeaderTypes, authCache),
    // Through `published`: a revoked token is refused by this instance's cache at once.
    introspection: new TokenIntrospection(published, tokens, config.rolePermissions),
    devices: new KnownDevices(stores.users, tokens),
    authCache,
    cacheSync,
    close: async () => {
      cacheSync.stop();
      await ownPool?.close();
    },
  };
}

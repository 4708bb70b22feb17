import { AuthService } from '../auth/auth.service';
import { AuthCache } from '../auth/cache/auth-cache';
import { CacheSync } from '../auth/cache/cache-sync';
import { publishingStores } from '../auth/cache/publishing-stores';
import { RevocationBus } from '../auth/cache/revocation-bus';
import { HashingPool, sharedHashingPool } from '../auth/passwords/hashing.pool';
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
import { SessionService } from '../sessions/session.service';
import { SubnetAccessBinding } from '../sessions/session-binding';
import { AuditLog } from '../audit/audit-log';
import { SessionEventBus } from '../realtime/session-events';
import type { LiveChannels } from '../realtime/live-channels';
import { TokenIntrospection } from '../oauth/token-introspection';
import { type AccountEmail, prepareAccountEmail } from '../mail/account-email';
import { MfaLoginService } from '../mfa/mfa-login.service';
import { OtherSessions } from '../mfa/other-sessions';
import { SecondFactor } from '../mfa/second-factor';
import { SecretBox } from '../mfa/secret-box';
import { TotpEnrollmentService } from '../mfa/totp-enrollment.service';
import { WrongCodeBudget } from '../mfa/wrong-code-budget';
import type { RateLimits } from '../security/rate-limits';

export interface Services {
  auth: AuthService;
  /** Sign-in sessions: listing, ending, refresh checks and binding. */
  sessions: SessionService;
  users: UserService;
  authenticator: RequestAuthenticator;
  /** RFC 7662 introspection and RFC 7009 revocation (/oauth/*). */
  introspection: TokenIntrospection;
  /** Device tokens presented at login: which ones earn the device its own login budget. */
  devices: KnownDevices;
  /** 2FA: enrollment, recovery codes, disabling (totpEnrollment); the login's second step and step-up (mfaLogin). */
  totpEnrollment: TotpEnrollmentService;
  mfaLogin: MfaLoginService;
  /** The authenticator's cache, exposed for diagnostics and tests (sizes, forced sync). */
  authCache: AuthCache;
  cacheSync: CacheSync;
  /** Verification, password reset, email change and security notifications by mail (src/mail/). */
  accountEmail: AccountEmail;
  /** Every revocation, from this instance at once and from others through CacheSync: the cache and the sockets hear it. */
  revocations: RevocationBus;
  /** Session events for the sessionEvents subscription: this instance's at once, the others' through the store (LiveEventFeed). */
  sessionEvents: SessionEventBus;
  /** Stops background work (cache sync, a password hashing pool of its own); the store is closed by its owner. */
  close(): Promise<void>;
}

/** The composition root: the one place that wires the layers together. */
export function createServices(
  config: Config,
  stores: Stores,
  clock: Clock,
  logger: Logger,
  keyRetirements: KeyRetirements | undefined,
  rateLimits: RateLimits,
  /** The server's event channels (src/realtime/); without them (CLI) events reach this process only. */
  live?: LiveChannels,
): Services {
  const tokens = new TokenService(config.jwt, clock, keyRetirements, config.rolePermissions);
  const workers = config.cache.passwordWorkers;
  // A configured size gets this server its own pool, closed with it; otherwise the process-wide one.
  const ownPool = workers > 0 ? new HashingPool(workers) : undefined;
  const passwords = new PasswordHasher(config.passwordHash, ownPool ?? sharedHashingPool());
  // Writes through `published` announce revocations to this instance's cache at once;
  // other instances hear of them through CacheSync within one interval.
  const bus = new RevocationBus();
  const authCache = new AuthCache({ maxEntries: config.cache.maxEntries, ttlMs: config.cache.ttlMs }, clock);
  bus.subscribe(authCache);
  const published = publishingStores(stores, bus);
  // What other instances revoked reaches every listener of the bus (the cache, the open sockets), as a local revocation does.
  const heardFromOthers = {
    tokenRevoked: (jti: string) => bus.tokenRevoked(jti),
    sessionRevoked: (sid: string) => bus.sessionRevoked(sid),
    userChanged: (id: string) => bus.userChanged(id),
    clear: () => authCache.clear(),
  };
  const cacheSync = new CacheSync(stores, heardFromOthers, clock, config.cache.syncIntervalMs, logger, live?.feed);
  const sessionEvents = live?.sessions ?? new SessionEventBus(clock);
  // What this instance writes, its cache hears at once: the feed leaves it out (and out of the lag metric).
  bus.subscribe(cacheSync.localWrites);
  cacheSync.start();
  const sessions = new SessionService(published, tokens, { ...config.sessions, maxLifetimeSeconds: config.jwt.sessionMaxLifetimeSeconds }, clock, logger, sessionEvents);
  const box = new SecretBox(config.mfa.keys);
  const secondFactor = new SecondFactor(published, box, clock, new WrongCodeBudget(rateLimits), logger);
  const accountEmailParts = prepareAccountEmail({ config: config.mail, stores: published, clock, logger, passwords, events: sessionEvents });
  const mfaLogin = new MfaLoginService(published, tokens, secondFactor, sessions, logger, accountEmailParts.hooks);
  const auth = new AuthService({
    stores: published,
    tokens,
    passwords,
    logger,
    sessions,
    secondFactor: mfaLogin,
    hooks: accountEmailParts.hooks,
    options: { requireVerifiedEmail: config.mail.requireVerifiedEmail },
    events: sessionEvents,
  });
  const accountEmail = accountEmailParts.attach(auth, mfaLogin);
  return {
    auth,
    sessions,
    totpEnrollment: new TotpEnrollmentService(
      published, box, secondFactor, new OtherSessions(sessions, logger), config.mfa, logger, accountEmailParts.hooks, sessionEvents,
    ),
    mfaLogin,
    users: new UserService(published, logger, sessionEvents),
    authenticator: new RequestAuthenticator(
      stores, tokens, config.authHeaderTypes, authCache,
      config.sessions.accessTokenBinding ? new SubnetAccessBinding(new AuditLog(logger)) : undefined,
    ),
    // Through `published`: a revoked token is refused by this instance's cache at once.
    introspection: new TokenIntrospection(published, tokens, config.rolePermissions, sessions),
    devices: new KnownDevices(stores.users, tokens),
    authCache,
    cacheSync,
    accountEmail,
    revocations: bus,
    sessionEvents,
    close: async () => {
      cacheSync.stop();
      // Mails already queued are sent (or given up) before the store closes under them.
      await accountEmail.mail.close();
      await ownPool?.close();
    },
  };
}

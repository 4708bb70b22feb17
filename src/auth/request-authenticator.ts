import type { RequestInfo } from '../lib/request-context';
import type { Stores } from '../stores/stores';
import type { SessionRecord } from '../stores/session.store';
import type { UserRecord } from '../stores/user.store';
import type { Caller } from './auth.service';
import type { AuthCache } from './cache/auth-cache';
import { acceptsTokenVersion } from './kept-session';
import { TokenError } from './tokens/token.errors';
import type { AccessClaims, TokenService } from './tokens/token.service';

/**
 * ACCESS_TOKEN_BINDING: whether an access token may be used from this address, judged against its stored
 * session (never a claim). Undefined when the binding is off.
 */
export interface AccessTokenBinding {
  /** Throws TokenError TOKEN_BINDING_MISMATCH (and audits it) when the client is not the session's. */
  check(session: SessionRecord | null, token: AccessClaims, client: Partial<RequestInfo>): void;
  /** The same question without side effects, for the cached path (a mismatch then asks the store). */
  matches(session: SessionRecord, client: { ip?: string }): boolean;
}

/**
 * Authorization header -> verified access token -> the user as stored now.
 * A token verified before, and a user read before, come from the cache: the hot path does no store
 * round trip and no signature check. The cache hears every revocation (see RevocationBus, CacheSync).
 */
export class RequestAuthenticator {
  private readonly schemes: Set<string>;

  constructor(
    private readonly stores: Stores,
    private readonly tokens: TokenService,
    headerTypes: readonly string[],
    private readonly cache: AuthCache,
    private readonly binding?: AccessTokenBinding,
  ) {
    this.schemes = new Set(headerTypes.map((type) => type.toLowerCase()));
  }

  /**
   * Null for an anonymous request; throws TokenError for a header that is present but unusable.
   * `client` (the request's address, user agent and id) is needed only for ACCESS_TOKEN_BINDING.
   */
  async authenticate(authorization: string | undefined, client: Partial<RequestInfo> = {}): Promise<Caller | null> {
    // Some clients send an empty header when signed out: that is anonymous, not an attack.
    if (authorization === undefined || authorization.trim() === '') return null;
    const match = /^(\S+) +(\S+)$/.exec(authorization.trim());
    if (!match || !this.schemes.has(match[1].toLowerCase())) {
      throw new TokenError('TOKEN_MALFORMED', 'Authorization header must be "Bearer <token>"');
    }
    const raw = match[2];
    const generation = this.cache.generation;
    const cachedToken = this.cache.verifiedToken(raw);
    const token = cachedToken ?? this.tokens.verifyAccess(raw);
    const cachedUser = this.cache.user(token.sub);
    // A cached token is served only while its session is cached (live) too: ending a session drops that entry.
    const cachedSession = this.cache.session(token.sid);
    if (cachedToken && cachedUser && cachedUser.tokenVersion === token.ver && cachedSession && this.boundTo(cachedSession, client)) {
      return this.signedIn(cachedUser, token);
    }

    const [revoked, user, session] = await Promise.all([
      cachedToken ? null : this.stores.revokedTokens.find(token.jti),
      // A cached user whose version differs may be stale (changed on another instance): ask the store.
      cachedUser?.tokenVersion === token.ver ? cachedUser : this.stores.users.findById(token.sub),
      this.stores.sessions.find(token.sid),
    ]);
    if (revoked) throw new TokenError('TOKEN_REVOKED', 'token revoked');
    if (!user || !acceptsTokenVersion(user, token)) throw new TokenError('TOKEN_REVOKED', 'token no longer valid for this user');
    // No stored session: a token issued before sessions were recorded, accepted until its exp (its refresh is refused).
    if (session && (session.revokedAt || session.userId !== token.sub)) throw new TokenError('TOKEN_REVOKED', 'session ended');
    this.binding?.check(session, token, client);
    if (session) this.cache.rememberSession(session, generation);
    return this.signedIn(this.remember(raw, token, user, generation), token);
  }

  private boundTo(session: SessionRecord, client: { ip?: string }): boolean {
    return !this.binding || this.binding.matches(session, client);
  }

  /**
   * The user as stored now, through the cache: what an event delivered on a long-lived WebSocket is
   * authorized against (its token was authenticated once, on connect; revocations close the socket).
   */
  async storedUser(userId: string): Promise<Readonly<UserRecord> | null> {
    const generation = this.cache.generation;
    const cached = this.cache.user(userId);
    if (cached) return cached;
    const user = await this.stores.users.findById(userId);
    return user && this.cache.rememberUser(user, generation);
  }

  private signedIn(user: UserRecord, token: AccessClaims): Caller {
    return { user, token };
  }

  private remember(raw: string, token: AccessClaims, user: UserRecord, generation: number): UserRecord {
    this.cache.rememberToken(raw, token, generation);
    return this.cache.rememberUser(user, generation);
  }
}

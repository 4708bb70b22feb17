import { LruCache } from '../../cache/lru-cache';
import type { Clock } from '../../lib/clock';
import type { SessionRecord } from '../../stores/session.store';
import { countCacheLookup } from '../../metrics/hooks';
import type { UserRecord } from '../../stores/user.store';
import type { AccessClaims } from '../tokens/token.service';
import type { RevocationListener } from './revocation-bus';

export interface AuthCacheOptions {
  /** Per cache: verified tokens, users. */
  maxEntries: number;
  ttlMs: number;
}

/**
 * What the authenticator already knows: access tokens it verified and found unrevoked, and users as last
 * read. Only positive knowledge is kept, so forgetting is always safe: a revocation deletes the entry and
 * the next request asks the store again. Every fill carries the generation it started in; a fill that
 * raced with a revocation is dropped, so a read begun before a logout cannot re-insert what it revoked.
 */
export class AuthCache implements RevocationListener {
  private readonly tokens: LruCache<string, AccessClaims>;
  private readonly tokenByJti = new Map<string, string>();
  private readonly users: LruCache<string, Readonly<UserRecord>>;
  /** Live sessions by sid: a cached token is served only while its session is cached too. */
  private readonly sessions: LruCache<string, Readonly<SessionRecord>>;
  private currentGeneration = 0;

  constructor(
    private readonly options: AuthCacheOptions,
    private readonly clock: Clock,
  ) {
    // The jti index lives exactly as long as its token entry, so it is bounded by the same maximum.
    this.tokens = new LruCache(options.maxEntries, clock, (_token, claims) => this.tokenByJti.delete(claims.jti));
    this.users = new LruCache(options.maxEntries, clock);
    this.sessions = new LruCache(options.maxEntries, clock);
  }

  get generation(): number {
    return this.currentGeneration;
  }

  get sizes(): { tokens: number; users: number; jtiIndex: number } {
    return { tokens: this.tokens.size, users: this.users.size, jtiIndex: this.tokenByJti.size };
  }

  verifiedToken(token: string): AccessClaims | undefined {
    const claims = this.tokens.get(token);
    countCacheLookup('tokens', claims !== undefined);
    return claims;
  }

  user(id: string): Readonly<UserRecord> | undefined {
    const user = this.users.get(id);
    countCacheLookup('users', user !== undefined);
    return user;
  }

  session(id: string): Readonly<SessionRecord> | undefined {
    return this.sessions.get(id);
  }

  /** Remembers a live session until its expiry at the latest. */
  rememberSession(session: SessionRecord, generation: number): void {
    if (generation !== this.currentGeneration) return;
    const frozen = Object.freeze({ ...session, amr: Object.freeze([...session.amr]) as string[] });
    this.sessions.set(session.id, frozen, Math.min(this.deadline(), session.expiresAt.getTime()));
  }

  /** Remembers a verified, unrevoked token until its exp at the latest. */
  rememberToken(token: string, claims: AccessClaims, generation: number): void {
    if (generation !== this.currentGeneration) return;
    this.tokens.set(token, claims, Math.min(this.deadline(), claims.exp * 1000));
    this.tokenByJti.set(claims.jti, token);
  }

  rememberUser(user: UserRecord, generation: number): Readonly<UserRecord> {
    const frozen = Object.freeze({ ...user, roles: Object.freeze([...user.roles]) as string[] });
    if (generation === this.currentGeneration) this.users.set(user.id, frozen, this.deadline());
    return frozen;
  }

  tokenRevoked(jti: string): void {
    this.currentGeneration++;
    const token = this.tokenByJti.get(jti);
    if (token !== undefined) this.tokens.delete(token);
  }

  userChanged(userId: string): void {
    this.currentGeneration++;
    this.users.delete(userId);
  }

  /** Its tokens stay cached but are no longer served: the authenticator serves a token only with its session. */
  sessionRevoked(sessionId: string): void {
    this.currentGeneration++;
    this.sessions.delete(sessionId);
  }

  /** Forgets everything, e.g. when revocations from other instances can no longer be heard. */
  clear(): void {
    this.currentGeneration++;
    this.tokens.clear();
    this.users.clear();
    this.sessions.clear();
  }

  private deadline(): number {
    return this.clock.now() + this.options.ttlMs;
  }
}

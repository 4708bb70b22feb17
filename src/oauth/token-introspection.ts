import { TokenError } from '../auth/tokens/token.errors';
import type { AccessClaims, RefreshClaims, TokenService } from '../auth/tokens/token.service';
import { defaultRolePermissions, type RolePermissions } from '../auth/permissions';
import type { RequestInfo } from '../lib/request-context';
import type { SessionService } from '../sessions/session.service';
import type { Stores } from '../stores/stores';
import type { UserRecord } from '../stores/user.store';

/** RFC 7662 §2.1 / RFC 7009 §2.1 `token_type_hint` values we know; any other hint is ignored. */
type TokenTypeHint = 'access_token' | 'refresh_token';

type VerifiedToken = { type: 'access_token'; claims: AccessClaims } | { type: 'refresh_token'; claims: RefreshClaims };

/** RFC 7662 §2.2: what a resource server learns about a live token. */
export interface ActiveTokenInfo {
  active: true;
  token_type: TokenTypeHint;
  sub: string;
  client_id: string;
  exp: number;
  iat: number;
  jti: string;
  iss: string;
  aud: string;
  sid: string;
  /** The user's permissions, like roles and email as stored now (the token's own `scope` is as of issue). */
  scope: string;
  /** As stored now, not as of issue: the same view tokengate itself decides from. */
  roles: string[];
  email: string;
}

/** Anything that is not a live token: RFC 7662 says to tell nothing more. */
export const INACTIVE = Object.freeze({ active: false as const });

/**
 * Introspection (RFC 7662) and revocation (RFC 7009) for trusted resource servers. A token is live when
 * TokenService accepts it (signature, type, issuer, audience, lifetimes, session) and the store has neither
 * revoked its jti nor raised the user's token version since: the checks RequestAuthenticator and refresh make.
 * Introspection only reads; it never rotates, spends or records anything.
 */
export class TokenIntrospection {
  /**
   * @param stores the stores as the services see them (publishing): a revocation reaches this instance's
   *   authentication cache at once, and other instances through CacheSync.
   */
  constructor(
    private readonly stores: Stores,
    private readonly tokens: TokenService,
    private readonly permissions: RolePermissions = defaultRolePermissions,
    /** Ends a revoked refresh token's whole session; without it only the jti is revoked. */
    private readonly sessions?: SessionService,
  ) {}

  async introspect(token: string, hint: string | undefined, clientId: string): Promise<ActiveTokenInfo | typeof INACTIVE> {
    const verified = this.verify(token, hint);
    if (!verified) return INACTIVE;
    const { claims } = verified;
    // Reads the store, not the cache: the answer is as fresh as the store, whichever instance revoked.
    const [revoked, user, session] = await Promise.all([
      this.stores.revokedTokens.find(claims.jti),
      this.stores.users.findById(claims.sub),
      this.stores.sessions.find(claims.sid),
    ]);
    // A rotated (spent) refresh token is revoked too: simply inactive, no reuse detection here.
    if (revoked || !user || user.tokenVersion !== claims.ver) return INACTIVE;
    // An ended session ends its tokens (a token with no stored session predates sessions: judged as before).
    if (session && (session.revokedAt || session.userId !== claims.sub)) return INACTIVE;
    return describe(verified, user, clientId, this.permissions.scopeOf(user.roles));
  }

  /**
   * Revokes the token's jti until its own exp, and a refresh token's whole session (RFC 7009 §2.1: revoking a
   * refresh token may end the grant it belongs to). A token that does not verify (forged, expired, of another
   * issuer) is already useless: nothing to do, and RFC 7009 §2.2 answers 200 all the same.
   * Returns what was revoked, for the audit line, or undefined.
   */
  async revoke(
    token: string,
    hint: string | undefined,
    request?: RequestInfo,
  ): Promise<{ type: TokenTypeHint; userId: string; revoked: boolean; sessionEnded?: boolean } | undefined> {
    const verified = this.verify(token, hint);
    if (!verified) return undefined;
    const { claims } = verified;
    const revoked = await this.stores.revokedTokens.revoke({
      jti: claims.jti,
      userId: claims.sub,
      // The same meaning as a logout: the holder's token ends, now, by someone's decision.
      reason: 'logout',
      expiresAt: new Date(claims.exp * 1000),
    });
    if (verified.type !== 'refresh_token' || !this.sessions) return { type: verified.type, userId: claims.sub, revoked };
    const sessionEnded = await this.sessions.end(claims.sub, claims.sid, 'oauth_revoke', request);
    return { type: verified.type, userId: claims.sub, revoked, sessionEnded };
  }

  /** RFC 7662 §2.1: the hint says where to look first; a wrong hint only costs a second try. */
  private verify(token: string, hint: string | undefined): VerifiedToken | undefined {
    const order: TokenTypeHint[] = hint === 'refresh_token' ? ['refresh_token', 'access_token'] : ['access_token', 'refresh_token'];
    for (const type of order) {
      try {
        return type === 'access_token'
          ? { type, claims: this.tokens.verifyAccess(token) }
          : { type, claims: this.tokens.verifyRefresh(token) };
      } catch (error) {
        if (!(error instanceof TokenError)) throw error;
      }
    }
    return undefined;
  }
}

function describe({ type, claims }: VerifiedToken, user: UserRecord, clientId: string, scope: string): ActiveTokenInfo {
  return {
    active: true,
    token_type: type,
    sub: claims.sub,
    client_id: clientId,
    exp: claims.exp,
    iat: claims.iat,
    jti: claims.jti,
    iss: claims.iss,
    aud: claims.aud,
    sid: claims.sid,
    scope,
    roles: [...user.roles],
    email: user.email,
  };
}

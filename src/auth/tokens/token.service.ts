import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config';
import { type Clock, toEpochSeconds } from '../../lib/clock';
import type { RotationClient, RotationSuccessor } from '../../stores/revoked-token.store';
import type { UserRecord } from '../../stores/user.store';
import { defaultRolePermissions, type RolePermissions } from '../permissions';
import { ALL_ROLES } from '../roles';
import { asymmetricJwtKeyRing, type JwtKeyRing, keyFingerprint, keyRing, signJwt, verifyJwt } from './jwt.backend';
import type { KeyRetirements } from './key-retirement';
import { MFA_CHALLENGE_TTL_SECONDS } from '../../config/mfa.config';
import { checkSessionClaims, newSession, PASSWORD_ONLY, type SessionClaims } from './session-claims';
import { TokenError } from './token.errors';

export type TokenType = 'access' | 'refresh' | 'device' | 'mfa';

/** When the stored session ends (epoch seconds), when it ends before SESSION_MAX_LIFETIME ("remember me" off). */
export interface SessionEnd {
  endsAt?: number;
}

/** What signs refresh and device tokens under an asymmetric JWT_ALGORITHM: an internal HMAC key. */
const INTERNAL_ALGORITHM = 'HS256';

/** How far exp - iat may exceed the configured lifetime of a token's type (rounding, nothing more). */
export const LIFETIME_LEEWAY_SECONDS = 5;

interface CommonClaims {
  sub: string;
  ver: number;
  jti: string;
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}
/** Access and refresh tokens name their session (sid, auth_time): see session-claims.ts. */
export interface AccessClaims extends CommonClaims, SessionClaims {
  typ: 'access';
  roles: string[];
  email: string;
  /**
   * The user's permissions at issue time, space-separated (RFC 9068 §2.2.3), for other services; tokengate
   * itself decides from the stored user. Absent from tokens issued before scopes existed.
   */
  scope?: string;
  /** JWT_HASURA_CLAIMS=true only. */
  [HASURA_CLAIMS]?: HasuraClaims;
}

/** Hasura's claims namespace: every value a string, as Hasura requires. */
export const HASURA_CLAIMS = 'https://hasura.io/jwt/claims';
export interface HasuraClaims {
  'x-hasura-user-id': string;
  'x-hasura-default-role': string;
  'x-hasura-allowed-roles': string[];
}
export interface RefreshClaims extends CommonClaims, SessionClaims {
  typ: 'refresh';
}
/** A device token proves that a device once completed a login to `sub`; it is never a credential. */
export interface DeviceClaims extends CommonClaims {
  typ: 'device';
}

/**
 * A login challenge (`mfaToken`): the password was right, a second factor is due. Single use (its jti is
 * revoked when spent), short-lived, never a credential: no access or refresh check accepts its type.
 */
export interface MfaChallengeClaims extends CommonClaims {
  typ: 'mfa';
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Seconds until the refresh token expires (the refresh cookie's Max-Age). */
  refreshExpiresIn: number;
  access: AccessClaims;
  refresh: RefreshClaims;
}

/** What tokens mean: typed access and refresh tokens, their lifetimes and required claims. */
export class TokenService {
  /** Signs and verifies access tokens: JWT_ALGORITHM with its keys (published ones when asymmetric). */
  private readonly accessKeys: JwtKeyRing;
  /**
   * Signs and verifies refresh and device tokens: the same ring with an HMAC algorithm; with an asymmetric
   * one, HS256 with the internal secret, never published, so no JWKS consumer can take one for an access token.
   */
  private readonly internalKeys: JwtKeyRing;

  /**
   * `retirements` come from prepareKeyRing at start-up; a previous key without one counts as retired now
   * (when this service is made), which is what a first start would record.
   */
  constructor(
    private readonly jwtConfig: Config['jwt'],
    private readonly clock: Clock,
    retirements: KeyRetirements = new Map(),
    private readonly permissions: RolePermissions = defaultRolePermissions,
  ) {
    // Retirements are keyed by a secret's fingerprint, or by an asymmetric key's kid.
    const acceptsIssuedUntil = (keyId: string): number =>
      toEpochSeconds(retirements.get(keyId)?.getTime() ?? clock.now()) + jwtConfig.rotationOverlapSeconds;
    const previous = jwtConfig.previousSecrets.map((secret) => ({ secret, acceptsIssuedUntil: acceptsIssuedUntil(keyFingerprint(secret)) }));
    const asymmetric = jwtConfig.signingKeys;
    this.internalKeys = keyRing(asymmetric ? INTERNAL_ALGORITHM : jwtConfig.algorithm, jwtConfig.secret, previous);
    this.accessKeys = asymmetric ? asymmetricJwtKeyRing(asymmetric.ring, acceptsIssuedUntil) : this.internalKeys;
  }

  /**
   * A new pair for the user: in the given session (a rotation, a password change), or in a new one
   * (login, register). `amr` replaces the session's (a step-up, an MFA login); else the session's is kept.
   */
  issuePair(user: UserRecord, session?: SessionClaims & SessionEnd, amr?: readonly string[]): TokenPair {
    const iat = toEpochSeconds(this.clock.now());
    const { sid, auth_time } = session ?? newSession(iat);
    const methods = [...(amr ?? session?.amr ?? PASSWORD_ONLY)];
    const common = { sub: user.id, ver: user.tokenVersion, sid, auth_time, amr: methods, iat, iss: this.jwtConfig.issuer, aud: this.jwtConfig.audience };
    // No token of a session outlives it (SESSION_MAX_LIFETIME from auth_time, or the stored session's own end).
    const sessionEnds = Math.min(auth_time + this.jwtConfig.sessionMaxLifetimeSeconds, session?.endsAt ?? Infinity);
    const access: AccessClaims = {
      ...common,
      typ: 'access',
      jti: randomUUID(),
      exp: Math.min(iat + this.jwtConfig.accessTokenTtlSeconds, sessionEnds),
      roles: [...user.roles],
      email: user.email,
      scope: this.permissions.scopeOf(user.roles),
      ...(this.jwtConfig.hasuraClaims ? { [HASURA_CLAIMS]: hasuraClaimsOf(user) } : {}),
    };
    const refresh: RefreshClaims = {
      ...common,
      typ: 'refresh',
      jti: randomUUID(),
      exp: Math.min(iat + this.jwtConfig.refreshTokenTtlSeconds, sessionEnds),
    };
    return this.signPair(access, refresh);
  }

  /** What a rotation records about the pair it handed out (claims only: no token is stored), and to whom. */
  successorOf(pair: TokenPair, client: RotationClient): RotationSuccessor | undefined {
    if (this.jwtConfig.refreshReuseGraceSeconds === 0) return undefined;
    return { rotatedAt: new Date(this.clock.now()), access: { ...pair.access }, refresh: { ...pair.refresh }, client };
  }

  /** True while the reuse grace window (REFRESH_REUSE_GRACE) since the rotation is open. */
  withinReuseGrace(successor: RotationSuccessor | undefined): successor is RotationSuccessor {
    if (!successor) return false;
    return this.clock.now() < successor.rotatedAt.getTime() + this.jwtConfig.refreshReuseGraceSeconds * 1000;
  }

  /** The claims a rotation recorded, typed: they were issued by issuePair. */
  successorClaims(successor: RotationSuccessor): { access: AccessClaims; refresh: RefreshClaims } {
    return { access: successor.access as unknown as AccessClaims, refresh: successor.refresh as unknown as RefreshClaims };
  }

  /**
   * The pair a rotation handed out, signed again: the same tokens, as long as the reuse grace window
   * (REFRESH_REUSE_GRACE) since the rotation is open; undefined after it.
   */
  replaySuccessor(successor: RotationSuccessor | undefined): TokenPair | undefined {
    if (!this.withinReuseGrace(successor)) return undefined;
    const { access, refresh } = this.successorClaims(successor);
    return this.signPair(access, refresh);
  }

  private signPair(access: AccessClaims, refresh: RefreshClaims): TokenPair {
    return {
      accessToken: signJwt({ ...access }, this.accessKeys),
      refreshToken: signJwt({ ...refresh }, this.internalKeys),
      expiresIn: Math.max(0, access.exp - toEpochSeconds(this.clock.now())),
      refreshExpiresIn: Math.max(0, refresh.exp - toEpochSeconds(this.clock.now())),
      access,
      refresh,
    };
  }


  verifyAccess(token: string): AccessClaims {
    const claims = this.verify(token, 'access');
    if (!Array.isArray(claims.roles) || typeof claims.email !== 'string') {
      throw new TokenError('TOKEN_INVALID', 'access token lacks roles or email');
    }
    return claims as unknown as AccessClaims;
  }

  verifyRefresh(token: string): RefreshClaims {
    return this.verify(token, 'refresh') as unknown as RefreshClaims;
  }

  /**
   * A device token (OWASP's device cookie): signed like the other tokens, but of its own type, so it is
   * never accepted as an access or refresh token, nor they as it. It carries `ver`: raising the user's
   * token version (logoutAll, changePassword, refresh reuse) voids it with every other token.
   */
  issueDevice(user: UserRecord): string {
    const iat = toEpochSeconds(this.clock.now());
    const claims: DeviceClaims = {
      sub: user.id,
      ver: user.tokenVersion,
      jti: randomUUID(),
      iat,
      exp: iat + this.jwtConfig.deviceTokenTtlSeconds,
      iss: this.jwtConfig.issuer,
      aud: this.jwtConfig.audience,
      typ: 'device',
    };
    return signJwt({ ...claims }, this.internalKeys);
  }

  /** Signed with the internal HMAC key, like refresh tokens: never published, never an access token. */
  issueMfaChallenge(user: UserRecord): MfaChallengeClaims & { token: string } {
    const iat = toEpochSeconds(this.clock.now());
    const claims: MfaChallengeClaims = {
      sub: user.id,
      ver: user.tokenVersion,
      jti: randomUUID(),
      iat,
      exp: iat + MFA_CHALLENGE_TTL_SECONDS,
      iss: this.jwtConfig.issuer,
      aud: this.jwtConfig.audience,
      typ: 'mfa',
    };
    return { ...claims, token: signJwt({ ...claims }, this.internalKeys) };
  }

  /** Signature, type and lifetime; whether it is spent or still matches the user is the MFA service's check. */
  verifyMfaChallenge(token: string): MfaChallengeClaims {
    return this.verify(token, 'mfa') as unknown as MfaChallengeClaims;
  }

  /** Signature, type and lifetime only: whether it belongs to the account being logged into is the caller's check. */
  verifyDevice(token: string): DeviceClaims {
    return this.verify(token, 'device') as unknown as DeviceClaims;
  }

  private verify(token: string, expected: TokenType): Record<string, unknown> {
    const nowSeconds = toEpochSeconds(this.clock.now());
    // The algorithm is pinned per type: an access token by JWT_ALGORITHM, the others by the internal ring's.
    const ring = expected === 'access' ? this.accessKeys : this.internalKeys;
    const claims = verifyJwt(token, ring, { issuer: this.jwtConfig.issuer, audience: this.jwtConfig.audience, nowSeconds });
    // A refresh token is never an access token, nor the reverse.
    if (claims.typ !== expected) throw new TokenError('TOKEN_INVALID', `expected a ${expected} token`);
    // Whatever the key: no token lives longer than its type's lifetime, so lowering one ends longer-lived tokens.
    if ((claims.exp as number) - (claims.iat as number) > this.lifetimeOf(expected) + LIFETIME_LEEWAY_SECONDS) {
      throw new TokenError('TOKEN_INVALID', `the token lives longer than a ${expected} token may`);
    }
    // No zombie tokens: jti is required (exp and iat are checked by the backend), and sub/ver must be what we issue.
    if (typeof claims.jti !== 'string' || claims.jti === '') throw new TokenError('TOKEN_INVALID', 'jti is required');
    if (typeof claims.sub !== 'string' || claims.sub === '') throw new TokenError('TOKEN_INVALID', 'sub must be a string');
    if (!Number.isSafeInteger(claims.ver) || (claims.ver as number) < 0) {
      throw new TokenError('TOKEN_INVALID', 'ver must be a whole number');
    }
    // A device token proves a device, an MFA challenge a password: neither is a session.
    if (expected === 'access' || expected === 'refresh') this.checkSession(claims, nowSeconds);
    return claims;
  }

  private lifetimeOf(type: TokenType): number {
    if (type === 'access') return this.jwtConfig.accessTokenTtlSeconds;
    if (type === 'refresh') return this.jwtConfig.refreshTokenTtlSeconds;
    if (type === 'mfa') return MFA_CHALLENGE_TTL_SECONDS;
    return this.jwtConfig.deviceTokenTtlSeconds;
  }

  private checkSession(claims: Record<string, unknown>, nowSeconds: number): void {
    checkSessionClaims(claims);
    // Also for tokens issued under a longer SESSION_MAX_LIFETIME: the session is over, the user logs in again.
    if (nowSeconds >= (claims.auth_time as number) + this.jwtConfig.sessionMaxLifetimeSeconds) {
      throw new TokenError('TOKEN_EXPIRED', 'the session has reached its maximum lifetime');
    }
  }
}

/** The default role is the least privileged one the user has (USER before ADMIN), so a request naming none gets the least. */
function hasuraClaimsOf(user: UserRecord): HasuraClaims {
  const roles = [...user.roles];
  const defaultRole = ALL_ROLES.find((role) => roles.includes(role)) ?? roles[0] ?? '';
  return { 'x-hasura-user-id': user.id, 'x-hasura-default-role': defaultRole, 'x-hasura-allowed-roles': roles };
}

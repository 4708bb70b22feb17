import { AuditLog } from '../audit/audit-log';
import { badUserInput, emailTaken, invalidCredentials, tokenRejected } from '../errors/api-errors';
import type { Logger } from '../lib/logger';
import type { RequestInfo } from '../lib/request-context';
import { clientOf, isSameClient } from '../security/client-binding';
import type { RevokedToken } from '../stores/revoked-token.store';
import type { Stores } from '../stores/stores';
import { DuplicateEmailError, type UserRecord } from '../stores/user.store';
import { findLegacyUser, findUserByEmail, parseEmail, parseName } from '../users/user.input-rules';
import { LoginPasswords } from './passwords/login-passwords';
import type { PasswordHasher } from './passwords/password.hasher';
import { assertAcceptablePassword } from './passwords/password.policy';
import { DEFAULT_ROLES } from './roles';
import type { SessionClaims } from './tokens/session-claims';
import { TokenError } from './tokens/token.errors';
import type { AccessClaims, RefreshClaims, TokenPair, TokenService } from './tokens/token.service';

/** Why a spent refresh token counts as stolen (the `cause` of the refresh_reuse_detected audit event). */
type ReuseCause = 'replayed_after_grace' | 'replayed_by_other_client' | 'logout_with_spent_token';

export interface Session {
  pair: TokenPair;
  user: UserRecord;
  /** Issued when the password was just proven (register, login, changePassword); never by refresh. */
  deviceToken?: string;
}

/** The signed-in caller of a request, as the context builder established it. */
export interface Caller {
  user: UserRecord;
  token: AccessClaims;
}

/** Registration, login, refresh rotation with reuse detection, and every way of ending sessions. */
export class AuthService {
  private readonly audit: AuditLog;
  private readonly loginPasswords: LoginPasswords;

  constructor(
    private readonly stores: Stores,
    private readonly tokens: TokenService,
    private readonly passwords: PasswordHasher,
    logger: Logger,
  ) {
    this.audit = new AuditLog(logger);
    this.loginPasswords = new LoginPasswords(stores.users, passwords, this.audit, logger);
  }

  async register(input: { email: string; password: string; name?: string | null }, request: RequestInfo): Promise<Session> {
    const email = parseEmail(input.email);
    assertAcceptablePassword(input.password, 'password', email, this.passwords.maxNewPasswordBytes);
    const name = parseName(input.name);
    // An account stored under the legacy form of this address is the same mailbox.
    if (await findLegacyUser(this.stores.users, email, input.email)) throw badUserInput('email', 'This email is already registered');
    const passwordHash = await this.passwords.hash(input.password);
    try {
      const user = await this.stores.users.create({ email, name, passwordHash, roles: [...DEFAULT_ROLES] });
      this.audit.record('registered', { userId: user.id }, request);
      return this.startSession(user);
    } catch (error) {
      if (error instanceof DuplicateEmailError) throw emailTaken();
      throw error;
    }
  }

  async login(input: { email: string; password: string }, request: RequestInfo): Promise<Session> {
    const email = parseEmail(input.email);
    const user = await findUserByEmail(this.stores.users, email, input.email);
    // Same work and the same answer whether the email is unknown or the password wrong, in any mix of stored
    // hash algorithms; an outdated hash is upgraded once the password is proven (login-passwords.ts).
    const matches = await this.loginPasswords.check(input.password, user, request);
    if (!user || !matches) {
      this.audit.record('login_failed', { userId: user?.id, cause: user ? 'wrong_password' : 'unknown_email' }, request);
      throw invalidCredentials();
    }
    this.audit.record('login_succeeded', { userId: user.id }, request);
    return this.startSession(user);
  }

  /**
   * Rotates a refresh token: the presented one is spent, a new pair is returned. Within the reuse grace
   * window the spent token gets the same pair again, for the same client only (two tabs refreshing at once,
   * a retried request); after it, or from another client, it is reuse.
   */
  async refresh(refreshToken: string, request: RequestInfo): Promise<Session> {
    const claims = this.verifyRefreshToken(refreshToken);
    const client = clientOf(request);
    const [revoked, user] = await Promise.all([
      this.stores.revokedTokens.find(claims.jti),
      this.stores.users.findById(claims.sub),
    ]);
    if (revoked) return this.replayRotation(claims, revoked, request);
    if (!user || user.tokenVersion !== claims.ver) throw tokenRejected('TOKEN_REVOKED');

    // The unique jti decides races: of two refreshes with one token, exactly one inserts its pair.
    const pair = this.tokens.issuePair(user, claims); // same session: sid and auth_time carry over
    const won = await this.stores.revokedTokens.revoke({
      jti: claims.jti,
      userId: user.id,
      reason: 'rotated',
      expiresAt: new Date(claims.exp * 1000),
      successor: this.tokens.successorOf(pair, client),
    });
    if (!won) return this.replayRotation(claims, await this.stores.revokedTokens.find(claims.jti), request);
    this.audit.record('token_refreshed', { userId: user.id, replayed: false }, request);
    return { pair, user };
  }

  /**
   * A refresh token that is already revoked: the same successor pair within the grace window to the client
   * that rotated; reuse after the window or from another client.
   */
  private async replayRotation(claims: RefreshClaims, revoked: RevokedToken | null, request: RequestInfo): Promise<Session> {
    if (revoked?.reason !== 'rotated') throw tokenRejected('TOKEN_REVOKED');
    const pair = this.tokens.replaySuccessor(revoked.successor);
    if (!pair) return this.rejectReuse(claims, 'replayed_after_grace', request);
    // The successor may have been rotated or logged out since: replaying it must not bring it back.
    const [user, accessRevoked, refreshRevoked] = await Promise.all([
      this.stores.users.findById(claims.sub),
      this.stores.revokedTokens.find(pair.access.jti),
      this.stores.revokedTokens.find(pair.refresh.jti),
    ]);
    if (!user || user.tokenVersion !== pair.refresh.ver || accessRevoked || refreshRevoked) {
      throw tokenRejected('TOKEN_REVOKED', 'The tokens this refresh token was exchanged for have been revoked since');
    }
    // The owner's retry comes from where the rotation did; a copy of the token replayed from elsewhere is theft.
    if (!isSameClient(revoked.successor?.client, clientOf(request))) return this.rejectReuse(claims, 'replayed_by_other_client', request);
    this.audit.record('token_refreshed', { userId: user.id, replayed: true }, request);
    return { pair, user };
  }

  /**
   * Revokes the caller's access token and, when given, their refresh token. A refresh token already spent by a
   * rotation means someone refreshed with it: the pair that bought may be a thief's, so it is revoked too.
   */
  async logout(caller: Caller, refreshToken: string | null | undefined, request: RequestInfo): Promise<void> {
    const refresh = refreshToken ? this.refreshTokenToRevoke(caller, refreshToken) : undefined;
    await this.revoke(caller.user.id, caller.token, 'logout');
    // The insert decides, not a read before it: a rotation racing this logout is seen either way.
    const refreshRevoked = refresh ? await this.revoke(caller.user.id, refresh, 'logout') : false;
    this.audit.record('logged_out', { userId: caller.user.id, refreshTokenRevoked: refreshRevoked }, request);
    if (refresh && !refreshRevoked) {
      const spent = await this.stores.revokedTokens.find(refresh.jti);
      if (spent?.reason === 'rotated') await this.revokeWhatASpentTokenBought(caller, spent, request);
    }
  }

  /**
   * Within the grace window the owner may just be a tab behind: the successor pair ends, other sessions live.
   * After it (or with the grace off, or when the successor was rotated on since), every session ends.
   */
  private async revokeWhatASpentTokenBought(caller: Caller, spent: RevokedToken, request: RequestInfo): Promise<void> {
    if (!this.tokens.withinReuseGrace(spent.successor)) return this.endEverySession(caller.user.id, 'logout_with_spent_token', request);
    const successor = this.tokens.successorClaims(spent.successor);
    // The insert decides: a successor rotated on since (or right now) took the chain out of reach.
    if (!(await this.revoke(caller.user.id, successor.refresh, 'reuse'))) {
      const onward = await this.stores.revokedTokens.find(successor.refresh.jti);
      if (onward?.reason === 'rotated') return this.endEverySession(caller.user.id, 'logout_with_spent_token', request);
    }
    await this.revoke(caller.user.id, successor.access, 'reuse');
    this.audit.record('refresh_reuse_detected', {
      userId: caller.user.id,
      cause: 'logout_with_spent_token',
      sessionsRevoked: false,
      revokedJtis: [caller.token.jti, successor.access.jti, successor.refresh.jti],
    }, request);
  }

  /** Records a token's jti as revoked until its own exp; false when it already was. */
  private revoke(userId: string, token: { jti: string; exp: number }, reason: 'logout' | 'reuse'): Promise<boolean> {
    return this.stores.revokedTokens.revoke({ jti: token.jti, userId, reason, expiresAt: new Date(token.exp * 1000) });
  }

  /** Every token issued to the user so far stops working. */
  async logoutAll(caller: Caller, request: RequestInfo): Promise<void> {
    await this.stores.users.incrementTokenVersion(caller.user.id);
    this.audit.record('logged_out_everywhere', { userId: caller.user.id }, request);
  }

  async changePassword(caller: Caller, input: { currentPassword: string; newPassword: string }, request: RequestInfo): Promise<Session> {
    if (!(await this.passwords.verify(input.currentPassword, caller.user.passwordHash))) {
      throw badUserInput('currentPassword', 'The current password is incorrect');
    }
    assertAcceptablePassword(input.newPassword, 'newPassword', caller.user.email, this.passwords.maxNewPasswordBytes);
    if (input.newPassword.normalize('NFKC') === input.currentPassword.normalize('NFKC')) {
      throw badUserInput('newPassword', 'The new password must differ from the current one');
    }
    const hash = await this.passwords.hash(input.newPassword);
    const updated = await this.stores.users.changePassword(caller.user.id, hash);
    if (!updated) throw tokenRejected('TOKEN_REVOKED', 'The user no longer exists');
    this.audit.record('password_changed', { userId: updated.id }, request);
    // The caller's session goes on (same sid and auth_time); every other one ended with the token version.
    return this.startSession(updated, caller.token);
  }

  /** A new pair in a new session, or in the given one (sid and auth_time carry over). */
  private startSession(user: UserRecord, session?: SessionClaims): Session {
    // A fresh device token each time: it carries the current token version, so one voided by
    // changePassword or logoutAll is replaced on this device by the next completed login.
    return { pair: this.tokens.issuePair(user, session), user, deviceToken: this.tokens.issueDevice(user) };
  }

  private verifyRefreshToken(refreshToken: string): RefreshClaims {
    try {
      return this.tokens.verifyRefresh(refreshToken);
    } catch (error) {
      if (error instanceof TokenError) throw tokenRejected(error.reason);
      throw error;
    }
  }

  private async rejectReuse(claims: RefreshClaims, cause: ReuseCause, request: RequestInfo): Promise<never> {
    // A spent refresh token came back: it may be stolen, so every session of the user ends.
    await this.endEverySession(claims.sub, cause, request);
    throw tokenRejected('TOKEN_REVOKED', 'This refresh token was already used; every session has been revoked');
  }

  private async endEverySession(userId: string, cause: ReuseCause, request: RequestInfo): Promise<void> {
    await this.stores.users.incrementTokenVersion(userId);
    this.audit.record('refresh_reuse_detected', { userId, cause, sessionsRevoked: true }, request);
  }

  private refreshTokenToRevoke(caller: Caller, refreshToken: string): RefreshClaims | undefined {
    try {
      const claims = this.tokens.verifyRefresh(refreshToken);
      if (claims.sub !== caller.user.id) throw badUserInput('refreshToken', 'This refresh token belongs to another user');
      return claims;
    } catch (error) {
      // An expired refresh token is already useless: nothing to revoke.
      if (error instanceof TokenError && error.reason === 'TOKEN_EXPIRED') return undefined;
      if (error instanceof TokenError) throw badUserInput('refreshToken', 'This is not a valid refresh token');
      throw error;
    }
  }
}

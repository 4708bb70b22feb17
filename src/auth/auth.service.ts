import { AuditLog } from '../audit/audit-log';
import { badUserInput, emailNotVerified, emailTaken, invalidCredentials, mfaRequired, tokenRejected } from '../errors/api-errors';
import { toEpochSeconds } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { RequestInfo } from '../lib/request-context';
import { noSessionEvents, type SessionEventPublisher } from '../realtime/session-events';
import { actingDevice } from '../sessions/device-label';
import { clientOf, isSameClient } from '../security/client-binding';
import type { SessionService, SessionStartOptions } from '../sessions/session.service';
import type { RevokedToken } from '../stores/revoked-token.store';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import { DuplicateEmailError, type UserRecord } from '../stores/user.store';
import { findLegacyUser, findUserByEmail, parseEmail, parseName } from '../users/user.input-rules';
import type { AccountHooks, AuthOptions } from './account-hooks';
import { isMfaEnabled } from '../mfa/mfa-state';
import { LoginPasswords } from './passwords/login-passwords';
import type { PasswordHasher } from './passwords/password.hasher';
import { assertAcceptablePassword } from './passwords/password.policy';
import { acceptsTokenVersion } from './kept-session';
import { DEFAULT_ROLES } from './roles';
import { TokenError } from './tokens/token.errors';
import type { AccessClaims, RefreshClaims, TokenPair, TokenService } from './tokens/token.service';

/** Why a spent refresh token counts as stolen (the `cause` of the refresh_reuse_detected audit event). */
type ReuseCause = 'replayed_after_grace' | 'replayed_by_other_client' | 'logout_with_spent_token';

export interface Session {
  pair: TokenPair;
  user: UserRecord;
  /** Issued when the password was just proven (register, login, changePassword); never by refresh. */
  deviceToken?: string;
  /** The stored session the pair belongs to (its expiry and "remember me" shape the refresh cookie). */
  session?: SessionRecord;
}

/** The signed-in caller of a request, as the context builder established it. */
export interface Caller {
  user: UserRecord;
  token: AccessClaims;
}

/** The second factor changePassword asks of a user with 2FA on (mfa/mfa-login.service.ts). */
export interface SecondFactorCheck {
  requireCode(user: UserRecord, code: string | null | undefined, request: RequestInfo): Promise<void>;
}

/** What AuthService works with, by name (the optional parts are absent in unit set-ups). */
export interface AuthServiceDeps {
  stores: Stores;
  tokens: TokenService;
  passwords: PasswordHasher;
  logger: Logger;
  sessions: SessionService;
  /** The code a 2FA user's changePassword needs (src/mfa/). */
  secondFactor?: SecondFactorCheck;
  /** Verification mail, notifications, voiding reset links (src/mail/). */
  hooks?: AccountHooks;
  options?: AuthOptions;
  /** sessionEvents for the sockets (src/realtime/). */
  events?: SessionEventPublisher;
}

/** Registration, login, refresh rotation with reuse detection, and every way of ending sessions. */
export class AuthService {
  private readonly audit: AuditLog;
  private readonly loginPasswords: LoginPasswords;
  private readonly stores: Stores;
  private readonly tokens: TokenService;
  private readonly passwords: PasswordHasher;
  private readonly sessions: SessionService;
  private readonly secondFactor?: SecondFactorCheck;
  private readonly hooks?: AccountHooks;
  private readonly options: AuthOptions;
  private readonly events: SessionEventPublisher;

  constructor({ stores, tokens, passwords, logger, sessions, secondFactor, hooks, options, events }: AuthServiceDeps) {
    this.stores = stores;
    this.tokens = tokens;
    this.passwords = passwords;
    this.sessions = sessions;
    this.secondFactor = secondFactor;
    this.hooks = hooks;
    this.options = options ?? { requireVerifiedEmail: false };
    this.events = events ?? noSessionEvents;
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
      this.hooks?.registered(user, request);
      // REQUIRE_VERIFIED_EMAIL: the account exists and its mail is on the way, but no tokens until the link is opened.
      if (this.options.requireVerifiedEmail && !user.emailVerified) throw emailNotVerified();
      return await this.startSession(user, request);
    } catch (error) {
      if (error instanceof DuplicateEmailError) throw emailTaken();
      throw error;
    }
  }

  async login(input: { email: string; password: string; rememberMe?: boolean | null }, request: RequestInfo): Promise<Session> {
    const email = parseEmail(input.email);
    const user = await findUserByEmail(this.stores.users, email, input.email);
    // Same work and the same answer whether the email is unknown or the password wrong, in any mix of stored
    // hash algorithms; an outdated hash is upgraded once the password is proven (login-passwords.ts).
    const matches = await this.loginPasswords.check(input.password, user, request);
    if (!user || !matches) {
      this.audit.record('login_failed', { userId: user?.id, cause: user ? 'wrong_password' : 'unknown_email' }, request);
      throw invalidCredentials();
    }
    // Only after the password: a wrong one still answers INVALID_CREDENTIALS, so this says nothing to a guesser.
    if (this.options.requireVerifiedEmail && !user.emailVerified) {
      this.audit.record('login_failed', { userId: user.id, cause: 'email_not_verified' }, request);
      throw emailNotVerified();
    }
    this.challengeSecondFactor(user, request);
    this.audit.record('login_succeeded', { userId: user.id, amr: ['pwd'] }, request);
    const session = await this.startSession(user, request, { remembered: input.rememberMe });
    // In the background: a new device's notice never delays or changes this answer.
    this.hooks?.signedIn(user, request, 'password');
    return session;
  }

  /**
   * Signs in a user whose mailbox was just proven by a password-reset link. An account with a second factor
   * answers MFA_REQUIRED here, as login does: a mailbox alone never passes it.
   */
  async signInWithLink(user: UserRecord, request: RequestInfo): Promise<Session> {
    this.challengeSecondFactor(user, request);
    this.audit.record('login_succeeded', { userId: user.id, method: 'password_reset_link' }, request);
    const session = await this.startSession(user, request);
    this.hooks?.signedIn(user, request, 'reset_link');
    return session;
  }

  /**
   * With 2FA on, the password (or the mailed link) is only the first step: the session starts at
   * completeMfaLogin, with the code. The challenge is a secret: it travels in the error's extensions only,
   * never in a message or a log line.
   */
  private challengeSecondFactor(user: UserRecord, request: RequestInfo): void {
    if (!isMfaEnabled(user)) return;
    const challenge = this.tokens.issueMfaChallenge(user);
    this.audit.record('mfa_challenge_issued', { userId: user.id, challengeId: challenge.jti }, request);
    throw mfaRequired(challenge.token);
  }

  /**
   * Rotates a refresh token: the presented one is spent, a new pair is returned. Within the reuse grace
   * window the spent token gets the same pair again, for the same client only (two tabs refreshing at once,
   * a retried request); after it, or from another client, it is reuse.
   */
  async refresh(refreshToken: string, request: RequestInfo): Promise<Session> {
    const claims = this.verifyRefreshToken(refreshToken);
    const client = clientOf(request);
    const [revoked, user, stored] = await Promise.all([
      this.stores.revokedTokens.find(claims.jti),
      this.stores.users.findById(claims.sub),
      this.sessions.find(claims.sid),
    ]);
    if (revoked) return this.replayRotation(claims, revoked, request, stored);
    if (!user || !acceptsTokenVersion(user, claims)) throw tokenRejected('TOKEN_REVOKED');
    // Stored, live, and (SESSION_BINDING) asked for by its client; a mismatch ends it.
    const session = await this.sessions.checkRefresh(stored, claims, request);

    // The unique jti decides races: of two refreshes with one token, exactly one inserts its pair.
    // Same session: sid and auth_time carry over, and no token outlives the stored session.
    // The session's amr, not the token's: a step-up (verifyMfa) raises the whole session, older refresh tokens too.
    const pair = this.tokens.issuePair(user, { ...claims, endsAt: toEpochSeconds(session.expiresAt.getTime()) }, session.amr);
    const won = await this.stores.revokedTokens.revoke({
      jti: claims.jti,
      userId: user.id,
      reason: 'rotated',
      expiresAt: new Date(claims.exp * 1000),
      successor: this.tokens.successorOf(pair, client),
    });
    if (!won) return this.replayRotation(claims, await this.stores.revokedTokens.find(claims.jti), request, session);
    // Conditional on the session being live still: one ended meanwhile does not get its pair.
    const touched = await this.sessions.recordRefresh(session, request);
    this.audit.record('token_refreshed', { userId: user.id, replayed: false }, request);
    return { pair, user, session: touched };
  }

  /**
   * A refresh token that is already revoked: the same successor pair within the grace window to the client
   * that rotated; reuse after the window or from another client.
   */
  private async replayRotation(
    claims: RefreshClaims,
    revoked: RevokedToken | null,
    request: RequestInfo,
    session: SessionRecord | null,
  ): Promise<Session> {
    if (revoked?.reason !== 'rotated') throw tokenRejected('TOKEN_REVOKED');
    const pair = this.tokens.replaySuccessor(revoked.successor);
    if (!pair) return this.rejectReuse(claims, 'replayed_after_grace', request);
    // The successor may have been rotated or logged out since: replaying it must not bring it back.
    const [user, accessRevoked, refreshRevoked] = await Promise.all([
      this.stores.users.findById(claims.sub),
      this.stores.revokedTokens.find(pair.access.jti),
      this.stores.revokedTokens.find(pair.refresh.jti),
    ]);
    // An ended session (revokeSession, logout…) is as good as a revoked successor.
    const sessionEnded = !session || session.revokedAt !== null;
    if (!user || user.tokenVersion !== pair.refresh.ver || accessRevoked || refreshRevoked || sessionEnded) {
      throw tokenRejected('TOKEN_REVOKED', 'The tokens this refresh token was exchanged for have been revoked since');
    }
    // The owner's retry comes from where the rotation did; a copy of the token replayed from elsewhere is theft.
    if (!isSameClient(revoked.successor?.client, clientOf(request))) return this.rejectReuse(claims, 'replayed_by_other_client', request);
    this.audit.record('token_refreshed', { userId: user.id, replayed: true }, request);
    return { pair, user, session: session ?? undefined };
  }

  /**
   * Revokes the caller's access token and, when given, their refresh token. A refresh token already spent by a
   * rotation means someone refreshed with it: the pair that bought may be a thief's, so it is revoked too.
   */
  async logout(caller: Caller, refreshToken: string | null | undefined, request: RequestInfo): Promise<void> {
    const refresh = refreshToken ? this.refreshTokenToRevoke(caller, refreshToken) : undefined;
    // The caller's session ends first: every token of its sid, whichever the client still holds (and its open
    // sockets hear SESSION_REVOKED, then 4401, never a "token replaced" 4403 for the token revoked next).
    await this.sessions.end(caller.user.id, caller.token.sid, 'logout', request);
    await this.revoke(caller.user.id, caller.token, 'logout');
    // The insert decides, not a read before it: a rotation racing this logout is seen either way.
    const refreshRevoked = refresh ? await this.revoke(caller.user.id, refresh, 'logout') : false;
    // The given refresh token's session too, when it names another session of the caller.
    if (refresh && refresh.sid !== caller.token.sid) await this.sessions.end(caller.user.id, refresh.sid, 'logout', request);
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
    // Written before the change that closes the sockets, so other instances read the event no later than it.
    await this.events.publish({ userId: caller.user.id, type: 'LOGGED_OUT_EVERYWHERE', sessionId: caller.token.sid, device: actingDevice(request) });
    await this.stores.users.incrementTokenVersion(caller.user.id);
    this.audit.record('logged_out_everywhere', { userId: caller.user.id }, request);
  }

  async changePassword(
    caller: Caller,
    input: { currentPassword: string; newPassword: string; code?: string | null },
    request: RequestInfo,
  ): Promise<Session> {
    if (!(await this.passwords.verify(input.currentPassword, caller.user.passwordHash))) {
      throw badUserInput('currentPassword', 'The current password is incorrect');
    }
    // After the password, so a mistyped password does not spend the code's time step.
    if (isMfaEnabled(caller.user)) {
      if (!this.secondFactor) throw new Error('2FA is on but no second-factor check is wired');
      await this.secondFactor.requireCode(caller.user, input.code, request);
    }
    assertAcceptablePassword(input.newPassword, 'newPassword', caller.user.email, this.passwords.maxNewPasswordBytes);
    if (input.newPassword.normalize('NFKC') === input.currentPassword.normalize('NFKC')) {
      throw badUserInput('newPassword', 'The new password must differ from the current one');
    }
    const hash = await this.passwords.hash(input.newPassword);
    // Written before the change that closes the other sessions' sockets, so other instances read it no later.
    await this.events.publish({ userId: caller.user.id, type: 'PASSWORD_CHANGED', sessionId: caller.token.sid, device: actingDevice(request) });
    const updated = await this.stores.users.changePassword(caller.user.id, hash);
    if (!updated) throw tokenRejected('TOKEN_REVOKED', 'The user no longer exists');
    // At once: the caller's session goes on (same sid and auth_time); every other one ended with the token
    // version. Its sockets, re-checked now, find it live under the new version: 4403, not 4401.
    const kept = await this.sessions.keepAcrossPasswordChange(updated, caller.token.sid);
    this.audit.record('password_changed', { userId: updated.id }, request);
    await this.hooks?.passwordChanged(updated, request);
    // A caller whose token names no stored session (issued before sessions) gets a session of its own.
    if (!kept) return this.startSession(updated, request);
    const endsAt = toEpochSeconds(kept.expiresAt.getTime());
    return { ...this.withDeviceToken(updated, this.tokens.issuePair(updated, { ...caller.token, endsAt })), session: kept };
  }

  /** A new session and its first pair (login, register; an MFA completion too). */
  async startSession(user: UserRecord, request: RequestInfo, options?: SessionStartOptions): Promise<Session> {
    const { pair, session } = await this.sessions.start(user, request, options);
    return { ...this.withDeviceToken(user, pair), session };
  }

  private withDeviceToken(user: UserRecord, pair: TokenPair): Session {
    // A fresh device token each time: it carries the current token version, so one voided by
    // changePassword or logoutAll is replaced on this device by the next completed login.
    return { pair, user, deviceToken: this.tokens.issueDevice(user) };
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
    await this.events.publish({ userId, type: 'LOGGED_OUT_EVERYWHERE' });
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

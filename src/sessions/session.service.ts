import { AuditLog } from '../audit/audit-log';
import type { SessionsConfig } from '../config/sessions.config';
import { tokenRejected } from '../errors/api-errors';
import { type Clock, toEpochSeconds } from '../lib/clock';
import type { Logger } from '../lib/logger';
import { noSessionEvents, type SessionEventPublisher } from '../realtime/session-events';
import type { RequestInfo } from '../lib/request-context';
import { newSession, type SessionClaims } from '../auth/tokens/session-claims';
import type { TokenPair, TokenService } from '../auth/tokens/token.service';
import { sessionRevocationKey } from '../stores/revoked-token.store';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import type { UserRecord } from '../stores/user.store';
import { actingDevice, deviceLabel } from './device-label';
import { bindingMismatch } from './session-binding';

/** Why a session ended (the `cause` of the session_revoked audit event). */
export type SessionEndCause =
  | 'revoked_by_user' | 'other_sessions_revoked' | 'revoked_by_admin' | 'logout' | 'binding_mismatch' | 'oauth_revoke'
  | 'second_factor_changed';

export interface SessionStartOptions {
  /** "Remember me": false gives the session SESSION_SHORT_LIFETIME and a browser-session cookie. Default true. */
  remembered?: boolean | null;
  /** How the user authenticated; default the tokens' `amr` claim when they carry one, else ["pwd"]. */
  amr?: string[];
}

/** The password alone, when the tokens say nothing else (before 2FA, and tokens without `amr`). */
const PASSWORD_ONLY = ['pwd'];

const SESSION_ENDED = 'This session has ended (signed out, revoked, or started before sessions were recorded): log in again';

/**
 * Sign-in sessions: each login starts one, stored under the tokens' `sid`, and every refresh of its chain
 * is checked against it (live, bound to its client) and recorded. Ending one marks it in the store (the
 * truth every instance reads) and puts it on the revoked-token feed, which other instances' caches poll.
 */
export class SessionService {
  private readonly audit: AuditLog;

  constructor(
    /** The publishing stores: ending a session is announced to this instance's cache at once. */
    private readonly stores: Stores,
    private readonly tokens: TokenService,
    private readonly config: SessionsConfig & { maxLifetimeSeconds: number },
    private readonly clock: Clock,
    logger: Logger,
    /** SESSION_REVOKED for the user's sockets (sessionEvents). */
    private readonly events: SessionEventPublisher = noSessionEvents,
  ) {
    this.audit = new AuditLog(logger);
  }

  /** A new session and its first pair (login, register, MFA completion). */
  async start(user: UserRecord, request: RequestInfo, options: SessionStartOptions = {}): Promise<{ pair: TokenPair; session: SessionRecord }> {
    const remembered = options.remembered ?? true;
    const now = this.clock.now();
    const claims = newSession(toEpochSeconds(now));
    const endsAt = claims.auth_time + (remembered ? this.config.maxLifetimeSeconds : this.config.shortLifetimeSeconds);
    const pair = this.tokens.issuePair(user, { ...claims, endsAt, ...(options.amr ? { amr: options.amr } : {}) });
    const session: SessionRecord = {
      id: claims.sid,
      userId: user.id,
      createdAt: new Date(now),
      lastActiveAt: new Date(now),
      expiresAt: new Date(endsAt * 1000),
      tokenVersion: user.tokenVersion,
      createdIp: request.ip ?? null,
      createdUserAgent: request.userAgent ?? null,
      lastIp: request.ip ?? null,
      lastUserAgent: request.userAgent ?? null,
      device: deviceLabel(request.userAgent),
      amr: options.amr ?? amrOf(pair.access) ?? PASSWORD_ONLY,
      remembered,
      revokedAt: null,
    };
    // Stored before the tokens are handed out: every token of a session names a stored session.
    const { revokedAt: _live, ...created } = session;
    await this.stores.sessions.create(created);
    return { pair, session };
  }

  /** The session a token names, revoked or not; null when unknown (tokens from before sessions) or expired. */
  find(sessionId: string): Promise<SessionRecord | null> {
    return this.stores.sessions.find(sessionId);
  }

  /**
   * Whether a refresh token's session may rotate: stored, live, the token's user's, and (SESSION_BINDING)
   * asked for by its client. A client that does not match ends the session. Returns the session.
   */
  async checkRefresh(session: SessionRecord | null, claims: SessionClaims & { sub: string }, request: RequestInfo): Promise<SessionRecord> {
    // A token from before sessions were recorded names none: refused once, and its user logs in again.
    if (!session || session.revokedAt || session.userId !== claims.sub) throw tokenRejected('TOKEN_REVOKED', SESSION_ENDED);
    const mismatch = bindingMismatch(this.config.binding, session, request);
    if (mismatch) {
      const { parts, ...values } = mismatch;
      this.audit.record('session_binding_mismatch', { userId: session.userId, sessionId: session.id, token: 'refresh', binding: parts, ...values }, request);
      await this.end(session.userId, session.id, 'binding_mismatch', request);
      throw tokenRejected('TOKEN_BINDING_MISMATCH', 'This refresh token was sent by another client than its session\'s: the session has ended, log in again');
    }
    return session;
  }

  /** Records a refresh (when, from where); the session must still be live, or the new pair is not handed out. */
  async recordRefresh(session: SessionRecord, request: RequestInfo): Promise<SessionRecord> {
    const activity = { at: new Date(this.clock.now()), ip: request.ip ?? null, userAgent: request.userAgent ?? null };
    const touched = await this.stores.sessions.touch(session.id, activity);
    if (!touched) throw tokenRejected('TOKEN_REVOKED', SESSION_ENDED);
    return touched;
  }

  /** The user's live sessions, newest first. */
  list(user: UserRecord): Promise<SessionRecord[]> {
    return this.stores.sessions.listLive(user.id, user.tokenVersion);
  }

  /**
   * Ends one live session of the user: its refresh chain stops and every access token with its sid is refused
   * on the next request. False when there is none to end (unknown, another user's, expired, already ended).
   */
  async end(userId: string, sessionId: string, cause: SessionEndCause, request?: RequestInfo): Promise<boolean> {
    const ended = await this.stores.sessions.revoke(sessionId, userId);
    if (!ended) return false;
    // Before the feed entry that ends its sockets elsewhere: every tab of the session hears why, then 4401.
    await this.events.publish({ userId, type: 'SESSION_REVOKED', sessionId, device: actingDevice(request) });
    // The feed entry tells the other instances' caches; it lives as long as any token of the session could.
    await this.stores.revokedTokens.revoke({
      jti: sessionRevocationKey(ended.id),
      userId,
      reason: 'session',
      expiresAt: ended.expiresAt,
    });
    this.audit.record('session_revoked', { userId, sessionId, cause }, request);
    return true;
  }

  /** Ends one of the user's listed sessions: false for an unknown, foreign or already ended one. */
  async endListed(user: UserRecord, sessionId: string, cause: SessionEndCause, request: RequestInfo): Promise<boolean> {
    const session = await this.stores.sessions.find(sessionId);
    // A session of an older token version ended with it (logoutAll…): not listed, so not found.
    if (!session || session.userId !== user.id || session.tokenVersion !== user.tokenVersion) return false;
    return this.end(user.id, sessionId, cause, request);
  }

  /** Ends every live session of the user but one; returns how many ended. */
  async endOthers(user: UserRecord, keepSessionId: string, cause: SessionEndCause, request: RequestInfo): Promise<number> {
    const others = (await this.list(user)).filter((session) => session.id !== keepSessionId);
    // Each end is its own conditional update: one a concurrent call ended first is not counted twice.
    const ended = await Promise.all(others.map((session) => this.end(user.id, session.id, cause, request)));
    return ended.filter(Boolean).length;
  }

  /** A step-up (verifyMfa): the session now counts the new methods (`Session.mfa`); null when it is not live. */
  raiseAmr(user: UserRecord, sessionId: string, amr: string[]): Promise<SessionRecord | null> {
    return this.stores.sessions.setAmr(sessionId, user.id, amr);
  }

  /**
   * changePassword: the caller's session goes on under the user's new token version (every other one ended
   * with the old version). Null when the caller's token names no live session (one from before sessions).
   */
  keepAcrossPasswordChange(user: UserRecord, sessionId: string): Promise<SessionRecord | null> {
    return this.stores.sessions.setTokenVersion(sessionId, user.id, user.tokenVersion);
  }
}

/** The `amr` claim of a token, when it carries a well-formed one. */
function amrOf(claims: object): string[] | undefined {
  const amr = (claims as { amr?: unknown }).amr;
  return Array.isArray(amr) && amr.every((method) => typeof method === 'string') ? [...amr] : undefined;
}

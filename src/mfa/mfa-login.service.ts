import { AuditLog } from '../audit/audit-log';
import type { AccountHooks } from '../auth/account-hooks';
import type { Caller, Session } from '../auth/auth.service';
import { TokenError } from '../auth/tokens/token.errors';
import type { MfaChallengeClaims, TokenService } from '../auth/tokens/token.service';
import { badUserInput, invalidMfaCode, invalidMfaLoginCode, mfaNotEnabled, tokenRejected } from '../errors/api-errors';
import type { TokenFailureReason } from '../errors/error-codes';
import { toEpochSeconds } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { RequestInfo } from '../lib/request-context';
import type { SessionService } from '../sessions/session.service';
import type { Stores } from '../stores/stores';
import type { UserRecord } from '../stores/user.store';
import { isMfaEnabled } from './mfa-state';
import type { SecondFactor } from './second-factor';

const CHALLENGE_MESSAGES: Record<TokenFailureReason, string> = {
  TOKEN_MALFORMED: 'The mfaToken is malformed',
  TOKEN_INVALID: 'The mfaToken is invalid',
  TOKEN_EXPIRED: 'The mfaToken has expired: log in again',
  TOKEN_REVOKED: 'The mfaToken was already used or has ended: log in again',
  // Never raised for a challenge (it has no session to bind); present so every reason has its message.
  TOKEN_BINDING_MISMATCH: 'The mfaToken was sent by another client: log in again',
};

/** The second step of a login with 2FA, step-up of a signed-in session, and the code changePassword asks for. */
export class MfaLoginService {
  private readonly audit: AuditLog;

  constructor(
    private readonly stores: Stores,
    private readonly tokens: TokenService,
    private readonly secondFactor: SecondFactor,
    private readonly sessions: SessionService,
    logger: Logger,
    /** The new-device notice of a completed login (src/mail/); none in unit set-ups. */
    private readonly hooks?: Pick<AccountHooks, 'signedIn'>,
  ) {
    this.audit = new AuditLog(logger);
  }

  /**
   * Spends the login challenge with a TOTP or recovery code: a new session whose amr says which, shaped by
   * "remember me" as a password-only login's is.
   */
  async completeLogin(mfaToken: string, code: string, rememberMe: boolean | null | undefined, request: RequestInfo): Promise<Session> {
    const challenge = this.verifyChallenge(mfaToken);
    const [spent, user] = await Promise.all([this.stores.revokedTokens.find(challenge.jti), this.stores.users.findById(challenge.sub)]);
    // Voided by a password change or logoutAll since, or 2FA turned off: the password step must be redone.
    if (spent || !user || user.tokenVersion !== challenge.ver || !isMfaEnabled(user)) throw challengeRejected('TOKEN_REVOKED');
    const amr = await this.secondFactor.check(user, code, request, { challengeJti: challenge.jti, wrong: invalidMfaLoginCode });
    // Single use: of two completions racing with two good codes, the insert lets exactly one through.
    const won = await this.stores.revokedTokens.revoke({ jti: challenge.jti, userId: user.id, reason: 'logout', expiresAt: new Date(challenge.exp * 1000) });
    if (!won) throw challengeRejected('TOKEN_REVOKED');
    this.audit.record('login_succeeded', { userId: user.id, amr }, request);
    const { pair, session } = await this.sessions.start(user, request, { remembered: rememberMe, amr: [...amr] });
    this.hooks?.signedIn(user, request, 'second_factor');
    return { pair, user, session, deviceToken: this.tokens.issueDevice(user) };
  }

  /**
   * Raises the caller's session to the amr the code proves: a new pair in the same session (sid, auth_time);
   * the calling access token is revoked, so the session's only live access token is the stepped-up one.
   */
  async verify(caller: Caller, code: string, request: RequestInfo): Promise<Session> {
    const user = await this.stores.users.findById(caller.user.id);
    if (!user) throw tokenRejected('TOKEN_REVOKED', 'The user no longer exists');
    if (!isMfaEnabled(user)) throw mfaNotEnabled();
    const amr = await this.secondFactor.check(user, code, request, { wrong: invalidMfaCode });
    // The stored session first: refreshes take their amr from it, so the whole session is raised, not one pair.
    const session = await this.sessions.raiseAmr(user, caller.token.sid, [...amr]);
    if (!session) throw tokenRejected('TOKEN_REVOKED', 'This session has ended: log in again');
    const pair = this.tokens.issuePair(user, { ...caller.token, endsAt: toEpochSeconds(session.expiresAt.getTime()) }, amr);
    await this.stores.revokedTokens.revoke({ jti: caller.token.jti, userId: user.id, reason: 'logout', expiresAt: new Date(caller.token.exp * 1000) });
    this.audit.record('mfa_verified', { userId: user.id, amr, sessionId: caller.token.sid }, request);
    return { pair, user, session };
  }

  /** changePassword of a user with 2FA on: a current TOTP code (or a recovery code) besides the password. */
  async requireCode(user: UserRecord, code: string | null | undefined, request: RequestInfo): Promise<void> {
    if (!isMfaEnabled(user)) return;
    if (!code) throw badUserInput('code', 'Two-factor authentication is on: a code from the authenticator app (or a recovery code) is required');
    await this.secondFactor.check(user, code, request, { wrong: invalidMfaCode });
  }

  private verifyChallenge(mfaToken: string): MfaChallengeClaims {
    try {
      return this.tokens.verifyMfaChallenge(mfaToken);
    } catch (error) {
      if (error instanceof TokenError) throw challengeRejected(error.reason);
      throw error;
    }
  }
}

const challengeRejected = (reason: TokenFailureReason) => tokenRejected(reason, CHALLENGE_MESSAGES[reason]);

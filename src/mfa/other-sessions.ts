import { AuditLog } from '../audit/audit-log';
import type { Caller } from '../auth/auth.service';
import type { Logger } from '../lib/logger';
import type { RequestInfo } from '../lib/request-context';
import type { SessionService } from '../sessions/session.service';

/** Why the other sessions end: the 2FA change that asked for it. */
export type SecondFactorChange = 'totp_enrollment_started' | 'totp_enabled' | 'totp_disabled';

/**
 * THE one place where a 2FA change (enrollment, confirmation, disabling) ends every OTHER session of the
 * user and keeps the caller's. Every such change calls `end` and nothing else. Sessions end one by one
 * (each its own conditional update): raising the token version would end the caller's too, and these
 * mutations answer without a new pair.
 */
export class OtherSessions {
  private readonly audit: AuditLog;

  constructor(
    private readonly sessions: SessionService,
    logger: Logger,
  ) {
    this.audit = new AuditLog(logger);
  }

  async end(caller: Caller, cause: SecondFactorChange, request: RequestInfo): Promise<void> {
    const ended = await this.sessions.endOthers(caller.user, caller.token.sid, 'second_factor_changed', request);
    this.audit.record('other_sessions_ended', { userId: caller.user.id, cause, keptSession: caller.token.sid, ended }, request);
  }
}

import { AuditLog } from '../audit/audit-log';
import type { Caller } from '../auth/auth.service';
import type { Logger } from '../lib/logger';
import type { RequestInfo } from '../lib/request-context';

/** Why the other sessions end: the 2FA change that asked for it. */
export type SecondFactorChange = 'totp_enrollment_started' | 'totp_enabled' | 'totp_disabled';

/**
 * THE one place where a 2FA change (enrollment, confirmation, disabling) ends every OTHER session of the
 * user and keeps the caller's. Every such change calls `end` and nothing else.
 *
 * Merge note: ending sessions one by one needs the session store (sessions keyed by `sid`, branch
 * `sessions`). Until then this records the audit line only: the one tool this branch has, raising the
 * token version as changePassword does, would also end the caller's own session, and these mutations
 * answer without a new token pair (beginTotpEnrollment's caller could not then confirm). At merge, point
 * `end` at the session store: revoke every session of `caller.user.id` except `caller.token.sid`.
 */
export class OtherSessions {
  private readonly audit: AuditLog;

  constructor(logger: Logger) {
    this.audit = new AuditLog(logger);
  }

  async end(caller: Caller, cause: SecondFactorChange, request: RequestInfo): Promise<void> {
    this.audit.record('other_sessions_ended', { userId: caller.user.id, cause, keptSession: caller.token.sid }, request);
  }
}

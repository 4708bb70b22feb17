import type { Logger } from '../lib/logger';
import type { RequestInfo } from '../lib/request-context';
import { countAuditEvent } from '../metrics/hooks';

/** The account-by-email events (src/mail/): test/mail/account-email-audit.test.ts shows each of them. */
export const ACCOUNT_EMAIL_AUDIT_EVENTS = [
  'email_verification_sent',
  'email_verified',
  'password_reset_requested',
  'password_reset',
  'email_change_requested',
  'email_changed',
] as const;

/** Security-relevant events, one JSON line each (pino, `audit: true`), for a SIEM or a grep. */
export const AUDIT_EVENTS = [
  'login_succeeded',
  'login_failed',
  'registered',
  'token_refreshed',
  'refresh_reuse_detected',
  'logged_out',
  'logged_out_everywhere',
  'password_changed',
  'roles_changed',
  'rate_limited',
  'token_introspected',
  'token_revoked',
  'client_authentication_failed',
  ...ACCOUNT_EMAIL_AUDIT_EVENTS,
  'session_revoked',
  'session_binding_mismatch',
  'mfa_challenge_issued',
  'mfa_failed',
  'mfa_verified',
  'totp_enrollment_started',
  'totp_enabled',
  'totp_disabled',
  'recovery_codes_regenerated',
  'other_sessions_ended',
  'password_rehashed',
] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/** Plain values only: no objects, so a token or a user record cannot slip into a line by accident. */
export type AuditDetails = Record<string, string | number | boolean | readonly string[] | undefined> & {
  userId?: string;
};

const WARNINGS: ReadonlySet<AuditEvent> = new Set([
  'refresh_reuse_detected', 'rate_limited', 'client_authentication_failed', 'session_binding_mismatch', 'mfa_failed',
]);

/** The part of an audit line that may leave the log: what happened, to whom, by whom, from where. */
export interface AuditLine {
  event: AuditEvent;
  userId?: string;
  actorId?: string;
  ip?: string;
  requestId?: string;
}

/** Hears every audit line as it is written (securityEvents): the log stays the one place lines are made. */
export interface AuditSink {
  recorded(line: AuditLine): void;
}

const sinks = new WeakMap<Logger, AuditSink>();

/**
 * A logger whose audit lines also reach the sink: the server hands it to every service, so every
 * `new AuditLog(logger)` of that server is heard, and another server in the same process (tests) is not.
 */
export function withAuditSink(logger: Logger, sink: AuditSink): Logger {
  const tapped = logger.child({});
  sinks.set(tapped, sink);
  return tapped;
}

export class AuditLog {
  private readonly logger: Logger;
  private readonly sink: AuditSink | undefined;

  constructor(logger: Logger) {
    this.logger = logger.child({ audit: true });
    this.sink = sinks.get(logger);
  }

  /** Writes one line: the event, its details, and who asked (ip, user agent, request id, actor); no request at start-up. */
  record(event: AuditEvent, details: AuditDetails = {}, request?: RequestInfo): void {
    // Logins, refreshes, reuse detections and rate-limit refusals are counted here, where they are all recorded.
    countAuditEvent(event, details);
    const line = {
      event,
      ...details,
      actorId: request?.actorId,
      ip: request?.ip,
      userAgent: request?.userAgent,
      requestId: request?.requestId,
    };
    if (WARNINGS.has(event)) this.logger.warn(line, `audit: ${event}`);
    else this.logger.info(line, `audit: ${event}`);
    this.sink?.recorded({ event, userId: details.userId, actorId: request?.actorId, ip: request?.ip, requestId: request?.requestId });
  }
}

/**
 * The hook for rate limiting: call it when a request is refused for exceeding a limit.
 * `limit` names the limit (e.g. "login"), `key` what was counted (e.g. the client ip); never a secret.
 */
export function auditRateLimited(logger: Logger, details: { limit: string; key?: string; userId?: string }, request?: RequestInfo): void {
  new AuditLog(logger).record('rate_limited', details, request);
}

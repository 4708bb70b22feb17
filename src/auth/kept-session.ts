import type { UserRecord } from '../stores/user.store';

/**
 * Whether a token's `ver` still holds for the user: the current token version, or, right after an email change,
 * the version before it for the one session that asked for the change (UserRecord.keptSession). That session's
 * next refresh issues tokens of the current version; any later raise of the version ends it like the others.
 */
export function acceptsTokenVersion(user: UserRecord, claims: { ver: number; sid: string }): boolean {
  if (claims.ver === user.tokenVersion) return true;
  return isKept(user, claims);
}

function isKept(user: UserRecord, claims: { ver: number; sid: string }): boolean {
  const kept = user.keptSession;
  return kept !== undefined && kept.toVersion === user.tokenVersion && kept.fromVersion === claims.ver && kept.sid === claims.sid;
}

import { createHash, randomUUID } from 'node:crypto';
import { TokenError } from './token.errors';

/**
 * The sign-in session a token belongs to. A session starts at login or register and every token rotated
 * from it carries the same two claims; the sessions feature stores sessions under `sid`.
 */
export interface SessionClaims {
  /** Session id: a random UUID, new at each login or register, kept across rotations. */
  sid: string;
  /** When the user authenticated, in epoch seconds (OpenID's auth_time): kept across rotations. */
  auth_time: number;
  /**
   * How the session's user authenticated (RFC 8176 amr), kept across rotations: ["pwd"], ["pwd","otp"] after a
   * TOTP code, ["pwd","otp","rec"] after a recovery code. A token without it counts as ["pwd"].
   */
  amr?: string[];
}

/** The authentication methods a session can carry, in the order they are listed. */
export const AMR_VALUES = ['pwd', 'otp', 'rec'] as const;
export const PASSWORD_ONLY: readonly string[] = ['pwd'];

/** Longer than any id we issue: a bound on what a token may make us carry around. */
const MAX_SID_LENGTH = 128;

/** A session starting now. */
export const newSession = (nowSeconds: number): SessionClaims => ({ sid: randomUUID(), auth_time: nowSeconds });

/**
 * Checks the session claims of a verified token, filling them in for a token issued before sessions
 * existed. Such a token counts as a session of its own that started at its `iat` (the earliest time we
 * know the user was signed in), with an id derived from its `jti`, so the same token always names the
 * same session; rotating it hands out tokens that carry both claims.
 */
export function checkSessionClaims(claims: Record<string, unknown>): void {
  checkAmr(claims);
  if (!('sid' in claims) && !('auth_time' in claims)) {
    claims.sid = legacySessionId(String(claims.jti));
    claims.auth_time = claims.iat;
    return;
  }
  const { sid, auth_time: authTime, iat } = claims;
  if (typeof sid !== 'string' || sid === '' || sid.length > MAX_SID_LENGTH) {
    throw new TokenError('TOKEN_INVALID', 'sid must be a session id');
  }
  // A session cannot start after the token it issued.
  if (!Number.isSafeInteger(authTime) || (authTime as number) < 0 || (authTime as number) > (iat as number)) {
    throw new TokenError('TOKEN_INVALID', 'auth_time must be a time no later than iat');
  }
}

/** amr must be a short list of the methods we issue; a token issued before amr existed gets ["pwd"]. */
function checkAmr(claims: Record<string, unknown>): void {
  if (!('amr' in claims)) {
    claims.amr = [...PASSWORD_ONLY];
    return;
  }
  const { amr } = claims;
  const known = (value: unknown) => (AMR_VALUES as readonly unknown[]).includes(value);
  if (!Array.isArray(amr) || amr.length === 0 || amr.length > AMR_VALUES.length || !amr.every(known) || new Set(amr).size !== amr.length) {
    throw new TokenError('TOKEN_INVALID', 'amr must list authentication methods');
  }
}

/** A UUID-shaped id (version 8: derived) from a token's jti, for tokens issued before sessions existed. */
function legacySessionId(jti: string): string {
  const bytes = createHash('sha256').update(`tokengate-legacy-session:${jti}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import { parseDurationSeconds } from './duration';
import type { Env } from './env-reader';

/** A sign-in lasts at most this long, however often its refresh token is rotated. */
export const DEFAULT_SESSION_MAX_LIFETIME = '30d';
/** The same bound as the token lifetimes: longer would defeat the point. */
export const MAX_SESSION_LIFETIME_SECONDS = 365 * 24 * 3600;

/**
 * Reads SESSION_MAX_LIFETIME: how long after auth_time a session's refresh tokens stop rotating. Unset, it
 * is 30 days, or the refresh-token lifetime when that is longer (so no deployment stops starting); set,
 * it must be at least REFRESH_TOKEN_TTL. Pushes one line onto problems when it is not.
 */
export function readSessionMaxLifetime(env: Env, refreshTokenTtlSeconds: number, problems: string[]): number {
  const fallback = Math.max(parseDurationSeconds(DEFAULT_SESSION_MAX_LIFETIME) as number, refreshTokenTtlSeconds);
  const text = env.SESSION_MAX_LIFETIME?.trim();
  if (!text) return fallback;
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined || seconds > MAX_SESSION_LIFETIME_SECONDS) {
    problems.push(`SESSION_MAX_LIFETIME must be a duration up to 365d such as 30d (got "${text}")`);
    return fallback;
  }
  if (seconds < refreshTokenTtlSeconds) {
    problems.push(`SESSION_MAX_LIFETIME must be at least REFRESH_TOKEN_TTL (${refreshTokenTtlSeconds}s; got "${text}")`);
    return fallback;
  }
  return seconds;
}

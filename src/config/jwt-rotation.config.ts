import { parseDurationSeconds } from './duration';
import type { Env } from './env-reader';

export const ROTATION_DEFAULTS = {
  JWT_PREVIOUS_SECRETS: '',
  REFRESH_REUSE_GRACE: '10s',
  JWT_ROTATION_OVERLAP: '5m',
} as const;

/** More old keys than this is a forgotten clean-up, not a rotation. */
export const MAX_PREVIOUS_SECRETS = 5;
/** A grace window is for racing tabs; minutes would turn it into a replay window. */
export const MAX_REUSE_GRACE_SECONDS = 300;
/** Long enough for a slow rolling restart; longer would keep a retired key signing for no reason. */
export const MAX_ROTATION_OVERLAP_SECONDS = 24 * 3600;

export interface JwtRotationConfig {
  /** Old signing secrets, still accepted for verification; new tokens always use JWT_SECRET. */
  readonly previousSecrets: readonly string[];
  /** How long a rotated refresh token may come back and get the same successor pair (0: never). */
  readonly refreshReuseGraceSeconds: number;
  /**
   * How long after a previous key was retired (first listed in JWT_PREVIOUS_SECRETS) tokens it signs are still
   * accepted: instances not yet restarted sign with it. Tokens it signed later are refused (0: none).
   */
  readonly rotationOverlapSeconds: number;
}

/** Reads JWT_PREVIOUS_SECRETS, REFRESH_REUSE_GRACE and JWT_ROTATION_OVERLAP; pushes one line per bad variable onto problems. */
export function readJwtRotationConfig(
  env: Env,
  current: { secret: string; minBytes: number },
  problems: string[],
): JwtRotationConfig {
  const previousSecrets = (env.JWT_PREVIOUS_SECRETS ?? ROTATION_DEFAULTS.JWT_PREVIOUS_SECRETS)
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
  if (previousSecrets.some((secret) => Buffer.byteLength(secret, 'utf8') < current.minBytes)) {
    problems.push(`JWT_PREVIOUS_SECRETS must be a comma-separated list of secrets of at least ${current.minBytes} bytes each`);
  } else if (previousSecrets.length > MAX_PREVIOUS_SECRETS) {
    problems.push(`JWT_PREVIOUS_SECRETS must list at most ${MAX_PREVIOUS_SECRETS} secrets (got ${previousSecrets.length})`);
  } else if (previousSecrets.includes(current.secret)) {
    problems.push('JWT_PREVIOUS_SECRETS must not contain the current JWT_SECRET');
  }

  const graceText = env.REFRESH_REUSE_GRACE?.trim() || ROTATION_DEFAULTS.REFRESH_REUSE_GRACE;
  const grace = /^0+[smhd]?$/i.test(graceText) ? 0 : parseDurationSeconds(graceText);
  if (grace === undefined || grace > MAX_REUSE_GRACE_SECONDS) {
    problems.push(`REFRESH_REUSE_GRACE must be 0 (off) or a duration up to ${MAX_REUSE_GRACE_SECONDS}s such as 10s (got "${graceText}")`);
  }

  const overlapText = env.JWT_ROTATION_OVERLAP?.trim() || ROTATION_DEFAULTS.JWT_ROTATION_OVERLAP;
  const overlap = /^0+[smhd]?$/i.test(overlapText) ? 0 : parseDurationSeconds(overlapText);
  const overlapValid = overlap !== undefined && overlap <= MAX_ROTATION_OVERLAP_SECONDS;
  if (!overlapValid) {
    problems.push(`JWT_ROTATION_OVERLAP must be 0 or a duration up to 24h such as 5m (got "${overlapText}")`);
  }
  return {
    previousSecrets,
    refreshReuseGraceSeconds: grace !== undefined && grace <= MAX_REUSE_GRACE_SECONDS ? grace : 10,
    rotationOverlapSeconds: overlapValid ? overlap : 300,
  };
}

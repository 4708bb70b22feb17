import { isRole } from '../auth/roles';
import { type DataEncryptionKeys, resolveDataEncryptionKeys } from '../mfa/data-encryption-key';
import type { NodeEnv } from './config';
import type { Env } from './env-reader';
import { parseRateLimit, type RateLimit } from './http-security.config';

/** Defaults of the two-factor settings; config.ts reads the environment and hands it here. */
export const MFA_DEFAULTS = {
  TOTP_ISSUER: 'tokengate',
  MFA_REQUIRED_FOR_ROLES: '',
  RATE_LIMIT_MFA_PER_USER: '10/1h',
} as const;

/** Wrong codes a single login challenge (mfaToken) may take before it is dead. Fixed: the issue's rule. */
export const MFA_CHALLENGE_MAX_WRONG_CODES = 5;
/** Lifetime of an mfaToken. */
export const MFA_CHALLENGE_TTL_SECONDS = 300;

export type MfaRateLimitName = 'mfaPerUser' | 'mfaPerChallenge';

export interface MfaConfig {
  /** TOTP_ISSUER: the issuer in the otpauth:// URI, what the authenticator app shows. */
  readonly issuer: string;
  /** DATA_ENCRYPTION_KEY (+ previous keys): current undefined means 2FA is unavailable (production without a key). */
  readonly keys: DataEncryptionKeys;
  /** MFA_REQUIRED_FOR_ROLES: holders of these roles must enrol, and step up (amr "otp") for their role's operations. */
  readonly requiredForRoles: readonly string[];
  /** Wrong codes per user (RATE_LIMIT_MFA_PER_USER) and per challenge (fixed). */
  readonly rateLimits: Readonly<Record<MfaRateLimitName, RateLimit | undefined>>;
}

/** Reads and validates the two-factor settings, pushing one line per bad variable onto problems. */
export function readMfaConfig(env: Env, options: { nodeEnv: NodeEnv; dataDir: string }, problems: string[]): MfaConfig {
  const issuer = env.TOTP_ISSUER?.trim() || MFA_DEFAULTS.TOTP_ISSUER;
  // The issuer is shown by authenticator apps and precedes a ':' in the URI label: keep it plain.
  if (issuer.length > 64 || /[:\p{Cc}]/u.test(issuer)) problems.push(`TOTP_ISSUER must be at most 64 characters, without ":" or control characters (got ${JSON.stringify(issuer)})`);

  const roles = (env.MFA_REQUIRED_FOR_ROLES ?? MFA_DEFAULTS.MFA_REQUIRED_FOR_ROLES).split(',').map((role) => role.trim()).filter(Boolean);
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) problems.push(`MFA_REQUIRED_FOR_ROLES must list known roles, comma-separated (unknown: ${unknown.join(', ')})`);

  const keys = resolveDataEncryptionKeys(env, options, problems);
  // Every holder of such a role would be locked out: refuse to start rather than run half-broken.
  if (roles.length > 0 && !keys.current && options.nodeEnv === 'production' && !env.DATA_ENCRYPTION_KEY?.trim()) {
    problems.push('DATA_ENCRYPTION_KEY is required when MFA_REQUIRED_FOR_ROLES is set (without it no one could enrol in 2FA)');
  }

  const perUserText = env.RATE_LIMIT_MFA_PER_USER?.trim() || MFA_DEFAULTS.RATE_LIMIT_MFA_PER_USER;
  const perUser = parseRateLimit(perUserText);
  if (perUser === undefined) problems.push(`RATE_LIMIT_MFA_PER_USER must be attempts per duration such as 10/1h, or off (got "${perUserText}")`);

  return {
    issuer,
    keys,
    requiredForRoles: roles.filter(isRole),
    rateLimits: {
      mfaPerUser: perUser === 'off' ? undefined : (perUser ?? (parseRateLimit(MFA_DEFAULTS.RATE_LIMIT_MFA_PER_USER) as RateLimit)),
      // Counted in real time by the limiter: twice the challenge's life, so the count outlives the challenge.
      mfaPerChallenge: { points: MFA_CHALLENGE_MAX_WRONG_CODES, durationSeconds: 2 * MFA_CHALLENGE_TTL_SECONDS },
    },
  };
}

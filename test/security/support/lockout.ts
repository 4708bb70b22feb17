/** Small limits for lockout tests: per IP 5, per email 10, per known device 8, in 15 minutes; X-Forwarded-For trusted. */
export const LOCKOUT_LIMITS = {
  TRUST_PROXY: '1',
  RATE_LIMIT_LOGIN_PER_IP: '5/15m',
  RATE_LIMIT_LOGIN_PER_EMAIL: '10/15m',
  RATE_LIMIT_LOGIN_PER_DEVICE: '8/15m',
} as const;

/**
 * A fresh client IP per call, in the /16 a test file names: the attacker spreads guesses over many addresses,
 * so the per-IP limit never stops them.
 */
export function freshIps(prefix: string): () => Record<string, string> {
  let counter = 0;
  return () => {
    counter += 1;
    return { 'x-forwarded-for': `${prefix}.${Math.floor(counter / 250)}.${(counter % 250) + 1}` };
  };
}

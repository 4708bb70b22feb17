import type { KeyObject } from 'node:crypto';

/**
 * The signing algorithms tokengate offers. HMAC ones sign with JWT_SECRET; asymmetric ones sign access tokens
 * with a private key whose public half is published as a JWKS. EdDSA is left out: jsonwebtoken 9 (through
 * jwa) can neither sign nor verify it.
 */
export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;
export const SIGNING_ALGORITHMS = [...HMAC_ALGORITHMS, ...ASYMMETRIC_ALGORITHMS] as const;

export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export const isAsymmetricAlgorithm = (value: string): value is AsymmetricAlgorithm =>
  (ASYMMETRIC_ALGORITHMS as readonly string[]).includes(value);

/** NIST SP 800-57: below 2048 bits RSA no longer gives 112-bit security; RFC 7518 §3.3 sets the same floor. */
export const MIN_RSA_BITS = 2048;

/** What each algorithm needs, in the words a problem line uses. */
const REQUIREMENT: Record<AsymmetricAlgorithm, string> = {
  RS256: `an RSA key of at least ${MIN_RSA_BITS} bits`,
  PS256: `an RSA key of at least ${MIN_RSA_BITS} bits`,
  ES256: 'an EC key on the P-256 curve',
};

/**
 * Why `key` cannot serve `algorithm`, or undefined when it can. RSA-PSS-restricted keys ("rsa-pss") are
 * refused even for PS256: a JWK cannot express their restrictions, so they could not be published, and
 * JOSE uses plain RSA keys with PSS padding.
 */
export function keyMismatch(key: KeyObject, algorithm: AsymmetricAlgorithm): string | undefined {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  const wanted = `${algorithm} needs ${REQUIREMENT[algorithm]}`;
  if (algorithm === 'ES256') {
    if (type !== 'ec') return `${wanted}, not ${describeKeyType(key)}`;
    if (details.namedCurve !== 'prime256v1') return `${wanted}, not an EC key on ${details.namedCurve ?? 'an unnamed curve'}`;
    return undefined;
  }
  if (type !== 'rsa') return `${wanted}, not ${describeKeyType(key)}`;
  const bits = details.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) return `${wanted}, not a ${bits}-bit one`;
  return undefined;
}

function describeKeyType(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'an RSA key';
    case 'rsa-pss':
      return 'an RSA-PSS-restricted key (use a plain RSA key)';
    case 'ec':
      return 'an EC key';
    case undefined:
      return 'a secret key';
    default:
      return `a key of type "${key.asymmetricKeyType}"`;
  }
}

import { createHmac } from 'node:crypto';

/** Builds tokens byte by byte, as an attacker would: any header, any payload text, any HMAC key. */

const HMAC_HASHES: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

const segment = (part: string | object): string =>
  Buffer.from(typeof part === 'string' ? part : JSON.stringify(part)).toString('base64url');

/**
 * Signs `header.payload` with HMAC. The hash follows `hmac` (default: the header's alg when it is an
 * HS algorithm, else SHA-256, as in the RS256-as-HMAC confusion attack); `unsigned` leaves the signature empty.
 */
export function forgeJwt(
  header: string | object,
  payload: string | object,
  options: { secret: string; hmac?: 'HS256' | 'HS384' | 'HS512'; unsigned?: boolean },
): string {
  const signingInput = `${segment(header)}.${segment(payload)}`;
  if (options.unsigned) return `${signingInput}.`;
  const alg = typeof header === 'object' ? (header as { alg?: string }).alg : undefined;
  const hash = HMAC_HASHES[options.hmac ?? alg ?? 'HS256'] ?? 'sha256';
  return `${signingInput}.${createHmac(hash, options.secret).update(signingInput).digest('base64url')}`;
}

/** The payload of a token, as issued. */
export const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

export const headerOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));

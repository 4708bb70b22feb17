import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';

/**
 * Signs a copy of a real access token's claims and header with the given changes: what an attacker holding a
 * key (or a bug in another issuer) could present. With no changes and tokengate's own key it is a valid token,
 * which the tests check first, so each refusal is due to the one thing changed.
 *
 * @param {string} realToken an access token tokengate issued
 * @param {import('node:crypto').KeyObject | Uint8Array} key
 * @param {{ claims?: Record<string, unknown>, header?: Record<string, unknown> }} [changes]
 */
export function forge(realToken, key, { claims = {}, header = {} } = {}) {
  return new SignJWT({ ...decodeJwt(realToken), ...claims }).setProtectedHeader({ ...decodeProtectedHeader(realToken), ...header }).sign(key);
}

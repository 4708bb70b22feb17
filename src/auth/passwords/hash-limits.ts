/**
 * What the algorithm of a stored hash can check of a password. bcrypt reads only the first 72 bytes and
 * ignores the rest, so a longer password would match on its first 72 bytes alone: it must never match.
 * Asked of the stored hash, so that a hash made by another algorithm later brings its own rule.
 */

/** bcrypt's input limit, in bytes of the (NFKC-normalised) password. */
export const BCRYPT_MAX_PASSWORD_BYTES = 72;

/** $2a$, $2b$, $2x$ and $2y$ followed by the two-digit cost: every bcrypt variant bcryptjs reads. */
const BCRYPT_HASH = /^\$2[abxy]\$\d{2}\$/;

/** The most bytes of a password that the stored hash's algorithm takes into account; undefined: no limit known. */
export function maxPasswordBytesOf(storedHash: string): number | undefined {
  return BCRYPT_HASH.test(storedHash) ? BCRYPT_MAX_PASSWORD_BYTES : undefined;
}

/** False when the password is longer than the stored hash's algorithm can tell apart. */
export function fitsStoredHash(normalizedPassword: string, storedHash: string): boolean {
  const maxBytes = maxPasswordBytesOf(storedHash);
  return maxBytes === undefined || Buffer.byteLength(normalizedPassword, 'utf8') <= maxBytes;
}

import type { PasswordHashAlgorithm } from '../../config/password-hash.config';
import { algorithmOfHash } from './hash-format';

/**
 * What the algorithm of a stored hash can check of a password. bcrypt reads only the first 72 bytes and
 * ignores the rest, so a longer password would match on its first 72 bytes alone: it must never match.
 * Asked of the stored hash, so that every hash brings its own algorithm's rule, whatever is configured now.
 */

/** bcrypt's input limit, in bytes of the (NFKC-normalised) password. */
export const BCRYPT_MAX_PASSWORD_BYTES = 72;
/** Argon2id reads every byte; this bound only keeps a password a password (and the work per login bounded). */
export const ARGON2_MAX_PASSWORD_BYTES = 1024;

const MAX_BYTES: Readonly<Record<PasswordHashAlgorithm, number>> = {
  bcrypt: BCRYPT_MAX_PASSWORD_BYTES,
  argon2id: ARGON2_MAX_PASSWORD_BYTES,
};

/** The longest new password (UTF-8 bytes after NFKC) that the configured algorithm takes. */
export const maxNewPasswordBytes = (algorithm: PasswordHashAlgorithm): number => MAX_BYTES[algorithm];

/** The most bytes of a password that the stored hash's algorithm takes into account; undefined: no limit known. */
export function maxPasswordBytesOf(storedHash: string): number | undefined {
  const algorithm = algorithmOfHash(storedHash);
  return algorithm && MAX_BYTES[algorithm];
}

/** False when the password is longer than the stored hash's algorithm can tell apart (or than it accepts). */
export function fitsStoredHash(normalizedPassword: string, storedHash: string): boolean {
  const maxBytes = maxPasswordBytesOf(storedHash);
  return maxBytes === undefined || Buffer.byteLength(normalizedPassword, 'utf8') <= maxBytes;
}

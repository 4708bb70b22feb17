import { createHash, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: read off paper and typed by hand. 31 symbols, 10 of them: about 50 bits each. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 10;

/** Ten fresh codes, shown once as `xxxxx-xxxxx`. */
export const newRecoveryCodes = (): string[] =>
  Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });

/** Case, spaces and dashes do not matter; undefined when it cannot be a recovery code. */
export function normalizeRecoveryCode(code: string): string | undefined {
  const plain = code.toLowerCase().replace(/[\s-]/g, '');
  return plain.length === LENGTH && [...plain].every((char) => ALPHABET.includes(char)) ? plain : undefined;
}

/**
 * What is stored: a SHA-256 bound to the user. The codes are random (about 50 bits), so a slow hash would
 * add nothing but latency; binding to the user keeps one user's hash from matching in another's list.
 */
export const recoveryCodeHash = (userId: string, normalized: string): string =>
  createHash('sha256').update(`tokengate-recovery:${userId}:${normalized}`).digest('base64url');

import type { Argon2Parameters, PasswordHashAlgorithm, PasswordHashConfig } from '../../config/password-hash.config';

/** $2a$, $2b$, $2x$ and $2y$ followed by the two-digit cost: every bcrypt variant bcryptjs reads. */
const BCRYPT_HASH = /^\$2[abxy]\$(\d{2})\$/;
/** The PHC string @node-rs/argon2 writes: $argon2id$v=19$m=19456,t=2,p=1$salt$hash. */
const ARGON2ID_HASH = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/;
/** The Argon2 version @node-rs/argon2 hashes with (0x13). */
const ARGON2_VERSION = 19;

/** Stored-hash prefixes of each algorithm, for asking a store whether any such hash remains. */
export const HASH_PREFIXES: Readonly<Record<PasswordHashAlgorithm, readonly string[]>> = {
  bcrypt: ['$2a$', '$2b$', '$2x$', '$2y$'],
  argon2id: ['$argon2id$'],
};

/** The algorithm of a stored hash; undefined for anything else (such a hash never matches). */
export function algorithmOfHash(storedHash: string): PasswordHashAlgorithm | undefined {
  if (BCRYPT_HASH.test(storedHash)) return 'bcrypt';
  if (ARGON2ID_HASH.test(storedHash)) return 'argon2id';
  return undefined;
}

/**
 * True when the stored hash was not made with the configured algorithm and parameters (another algorithm, a
 * lower or higher cost, other Argon2 memory or passes): the next successful login replaces it.
 */
export function needsRehash(storedHash: string, config: PasswordHashConfig): boolean {
  if (config.algorithm === 'bcrypt') {
    const cost = BCRYPT_HASH.exec(storedHash)?.[1];
    return cost === undefined || Number(cost) !== config.bcryptCost;
  }
  const match = ARGON2ID_HASH.exec(storedHash);
  if (!match) return true;
  const [version, memoryKib, timeCost, parallelism] = match.slice(1).map(Number);
  const wanted: Argon2Parameters = config.argon2;
  return version !== ARGON2_VERSION || memoryKib !== wanted.memoryKib || timeCost !== wanted.timeCost || parallelism !== wanted.parallelism;
}

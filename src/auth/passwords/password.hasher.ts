import type { PasswordHashAlgorithm, PasswordHashConfig } from '../../config/password-hash.config';
import { algorithmOfHash, needsRehash } from './hash-format';
import { fitsStoredHash, maxNewPasswordBytes } from './hash-limits';
import { type HashingPool, type HashParameters, sharedHashingPool } from './hashing.pool';

/**
 * Hashes and checks passwords in worker threads (the pool owns bcryptjs and @node-rs/argon2), so a login never
 * stalls the requests around it. New hashes use the configured algorithm (PASSWORD_HASH); a stored hash is
 * checked with its own algorithm, whatever is configured now. Passwords are NFKC-normalised so that look-alike
 * input matches.
 */
export class PasswordHasher {
  /**
   * One per algorithm, hashed at start-up with the configured parameters, so the first unknown-email login costs
   * no more than the others and every dummy check costs what a real one does.
   */
  private readonly dummyHashes: Readonly<Record<PasswordHashAlgorithm, Promise<string>>>;

  constructor(
    readonly config: PasswordHashConfig,
    private readonly pool: HashingPool = sharedHashingPool(),
  ) {
    const dummy = 'tokengate-dummy-password';
    this.dummyHashes = {
      argon2id: pool.hash(dummy, this.parameters('argon2id')),
      bcrypt: pool.hash(dummy, this.parameters('bcrypt')),
    };
    // A failure shows on first use; it must not crash the process as an unhandled rejection before that.
    for (const hash of Object.values(this.dummyHashes)) hash.catch(() => undefined);
  }

  /** The longest new password the configured algorithm takes (authSettings.passwordMaxBytes). */
  get maxNewPasswordBytes(): number {
    return maxNewPasswordBytes(this.config.algorithm);
  }

  hash(password: string): Promise<string> {
    return this.pool.hash(normalizePassword(password), this.parameters(this.config.algorithm));
  }

  /**
   * A password longer than the hash's algorithm reads never matches (bcrypt: 72 bytes), whatever its
   * first bytes; the check still runs, so the answer costs the same either way. A hash of no known
   * algorithm matches nothing.
   */
  async verify(password: string, hash: string): Promise<boolean> {
    const algorithm = algorithmOfHash(hash);
    if (!algorithm) return false;
    const normalized = normalizePassword(password);
    const matches = await this.pool.verify(normalized, hash, algorithm);
    return matches && fitsStoredHash(normalized, hash);
  }

  /** Spends the time a real check with this algorithm would, so an unknown email cannot be told apart by timing. */
  async verifyAgainstDummy(password: string, algorithm: PasswordHashAlgorithm = this.config.algorithm): Promise<false> {
    await this.pool.verify(normalizePassword(password), await this.dummyHashes[algorithm], algorithm);
    return false;
  }

  /** The stored hash was made with another algorithm or other parameters than the configured ones. */
  needsRehash(hash: string): boolean {
    return needsRehash(hash, this.config);
  }

  private parameters(algorithm: PasswordHashAlgorithm): HashParameters {
    return algorithm === 'bcrypt' ? { algorithm, cost: this.config.bcryptCost } : { algorithm, argon2: this.config.argon2 };
  }
}

export const normalizePassword = (password: string): string => password.normalize('NFKC');

import { type BcryptPool, sharedBcryptPool } from './bcrypt.pool';
import { fitsStoredHash } from './hash-limits';

/**
 * Hashes and checks passwords with bcrypt in worker threads (the pool owns bcryptjs), so a login never
 * stalls the requests around it. Passwords are NFKC-normalised so that look-alike input matches.
 */
export class PasswordHasher {
  /**
   * Hashed at start-up with the configured cost (BCRYPT_COST), so the first unknown-email login costs
   * no more than the others and every dummy compare costs what a real one does.
   */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly cost: number,
    private readonly pool: BcryptPool = sharedBcryptPool(),
  ) {
    this.dummyHash = pool.hash('tokengate-dummy-password', cost);
  }

  hash(password: string): Promise<string> {
    return this.pool.hash(normalizePassword(password), this.cost);
  }

  /**
   * A password longer than the hash's algorithm reads never matches (bcrypt: 72 bytes), whatever its
   * first bytes; the compare still runs, so the answer costs the same either way.
   */
  async verify(password: string, hash: string): Promise<boolean> {
    const normalized = normalizePassword(password);
    const matches = await this.pool.compare(normalized, hash);
    return matches && fitsStoredHash(normalized, hash);
  }

  /** Spends the time a real verify would, so an unknown email cannot be told apart by timing. */
  async verifyAgainstDummy(password: string): Promise<false> {
    await this.pool.compare(normalizePassword(password), await this.dummyHash);
    return false;
  }
}

export const normalizePassword = (password: string): string => password.normalize('NFKC');

import { type BcryptPool, sharedBcryptPool } from './bcrypt.pool';

/**
 * Hashes and checks passwords with bcrypt in worker threads (the pool owns bcryptjs), so a login never
 * stalls the requests around it. Passwords are NFKC-normalised so that look-alike input matches.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly cost: number,
    private readonly pool: BcryptPool = sharedBcryptPool(),
  ) {}

  hash(password: string): Promise<string> {
    return this.pool.hash(normalizePassword(password), this.cost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.pool.compare(normalizePassword(password), hash);
  }

  /** Spends the time a real verify would, so an unknown email cannot be told apart by timing. */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.pool.hash('tokengate-dummy-password', this.cost);
    await this.pool.compare(normalizePassword(password), await this.dummyHash);
    return false;
  }
}

export const normalizePassword = (password: string): string => password.normalize('NFKC');

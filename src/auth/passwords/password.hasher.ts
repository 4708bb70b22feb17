import bcrypt from 'bcryptjs';

/** The only module that imports bcryptjs. Passwords are NFKC-normalised so that look-alike input matches. */
export class PasswordHasher {
  /**
   * Hashed at start-up with the configured cost (BCRYPT_COST), so the first unknown-email login costs
   * no more than the others and every dummy compare costs what a real one does.
   */
  private readonly dummyHash: Promise<string>;

  constructor(private readonly cost: number) {
    this.dummyHash = bcrypt.hash('tokengate-dummy-password', cost);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(normalizePassword(password), this.cost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(normalizePassword(password), hash);
  }

  /** Spends the time a real verify would, so an unknown email cannot be told apart by timing. */
  async verifyAgainstDummy(password: string): Promise<false> {
    await bcrypt.compare(normalizePassword(password), await this.dummyHash);
    return false;
  }
}

export const normalizePassword = (password: string): string => password.normalize('NFKC');

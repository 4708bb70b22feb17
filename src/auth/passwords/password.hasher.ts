import bcrypt from 'bcryptjs';

/** The only module that imports bcryptjs. Passwords are NFKC-normalised so that look-alike input matches. */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly cost: number) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(normalizePassword(password), this.cost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(normalizePassword(password), hash);
  }

  /** Spends the time a real verify would, so an unknown email cannot be told apart by timing. */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= bcrypt.hash('tokengate-dummy-password', this.cost);
    await bcrypt.compare(normalizePassword(password), await this.dummyHash);
    return false;
  }
}

export const normalizePassword = (password: string): string => password.normalize('NFKC');

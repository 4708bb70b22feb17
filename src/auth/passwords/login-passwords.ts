import type { AuditLog } from '../../audit/audit-log';
import type { Logger } from '../../lib/logger';
import type { RequestInfo } from '../../lib/request-context';
import type { UserRecord, UserStore } from '../../stores/user.store';
import { algorithmOfHash } from './hash-format';
import type { PasswordHasher } from './password.hasher';
import { StoredHashCensus } from './stored-hash-census';

type LoginUserStore = Pick<UserStore, 'hasPasswordHashWithPrefix' | 'replacePasswordHash'>;

/**
 * The password check of `login`: the same work whether the email is unknown, the password wrong, or the account
 * on a hash algorithm not yet upgraded; and the transparent upgrade of an outdated hash once the password is proven.
 */
export class LoginPasswords {
  private readonly census: StoredHashCensus;

  constructor(
    private readonly users: LoginUserStore,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
  ) {
    this.census = new StoredHashCensus(users, hasher.config.algorithm);
  }

  /**
   * One check per algorithm in play: the real one for the user's hash, a dummy for every other (all of them
   * dummies for an unknown email). Under PASSWORD_HASH=argon2id with bcrypt hashes remaining, every login costs
   * a bcrypt compare and an Argon2id verify, whichever account (or none) the email names.
   */
  async check(password: string, user: UserRecord | null, request: RequestInfo): Promise<boolean> {
    const stored = user ? algorithmOfHash(user.passwordHash) : undefined;
    if (stored) this.census.saw(stored);
    const inPlay = [...(await this.census.algorithmsInPlay())];
    const results = await Promise.all(
      inPlay.map((algorithm) =>
        user && algorithm === stored ? this.hasher.verify(password, user.passwordHash) : this.hasher.verifyAgainstDummy(password, algorithm),
      ),
    );
    const matches = stored !== undefined && results[inPlay.indexOf(stored)];
    if (matches && user && this.hasher.needsRehash(user.passwordHash)) await this.upgrade(user, password, request);
    return matches;
  }

  /**
   * Re-hashes with the configured algorithm and parameters. Stored only while the hash is still the one just
   * verified, so a password changed meanwhile is never overwritten by the old one. A failure leaves the old hash,
   * which keeps working: the login goes on.
   */
  private async upgrade(user: UserRecord, password: string, request: RequestInfo): Promise<void> {
    try {
      const hash = await this.hasher.hash(password);
      if (!(await this.users.replacePasswordHash(user.id, user.passwordHash, hash))) return;
      this.audit.record('password_rehashed', { userId: user.id, from: algorithmOfHash(user.passwordHash), to: this.hasher.config.algorithm }, request);
    } catch (error) {
      this.logger.warn({ userId: user.id, err: error }, 'could not upgrade a password hash at login; the old one stays');
    }
  }
}

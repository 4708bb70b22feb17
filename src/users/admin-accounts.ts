import { AuditLog } from '../audit/audit-log';
import type { PasswordHasher } from '../auth/passwords/password.hasher';
import { passwordProblem } from '../auth/passwords/password.policy';
import { ROLES } from '../auth/roles';
import type { Logger } from '../lib/logger';
import { DuplicateEmailError, LastAdminError, type UserRecord, type UserStore } from '../stores/user.store';
import { emailProblem, findUserByEmail, normalizeEmail } from './user.input-rules';

/** An operator's request that cannot be carried out: the message says why, for one line of output. */
export class AdminOperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminOperationError';
  }
}

export type BootstrapOutcome = 'created' | 'already-admin' | 'granted' | 'password-differs';

/**
 * The operations on admin accounts that an operator runs: the start-up bootstrap (ADMIN_EMAIL) and the
 * admin CLI. Roles change through the store's guarded setRoles, so the last ADMIN is kept here as well.
 */
export class AdminAccounts {
  private readonly audit: AuditLog;

  constructor(
    private readonly users: UserStore,
    private readonly passwords: PasswordHasher,
    private readonly logger: Logger,
    /** Recorded as `cause` on audit lines: who asked for the change. */
    private readonly cause: string,
  ) {
    this.audit = new AuditLog(logger);
  }

  /**
   * ADMIN_EMAIL at start-up. Creates the account with ADMIN_PASSWORD when it does not exist; grants ADMIN
   * to an existing account only when ADMIN_PASSWORD is its password: whoever registered the address first
   * (perhaps before the operator chose it) must prove to be the operator. Otherwise one error line, and the
   * server still starts: a squatted address must not become a way to stop restarts.
   */
  async bootstrap(admin: { email: string; password: string }): Promise<BootstrapOutcome> {
    const existing = await this.find(admin.email);
    if (!existing) {
      try {
        await this.create(admin.email, admin.password);
        this.logger.info(`created admin user ${normalizeEmail(admin.email)} (ADMIN_EMAIL)`);
        return 'created';
      } catch (error) {
        if (!(error instanceof DuplicateEmailError)) throw error;
        return this.bootstrap(admin); // another instance created it first: judge that account
      }
    }
    if (isAdmin(existing)) return 'already-admin';
    if (!(await this.passwords.verify(admin.password, existing.passwordHash))) {
      this.logger.error(
        { userId: existing.id },
        `ADMIN_EMAIL ${existing.email} belongs to an existing account whose password differs from ADMIN_PASSWORD: ` +
          'ADMIN was NOT granted. Check who owns the account, then use `npm run admin -- promote` or choose another ADMIN_EMAIL',
      );
      return 'password-differs';
    }
    await this.grant(existing);
    // ADMIN_EMAIL is the operator's address, and the account's password just proved its owner is the operator.
    await this.users.markEmailVerified(existing.id, existing.email);
    this.logger.info({ userId: existing.id }, `granted ADMIN to ${existing.email} (ADMIN_EMAIL, password verified)`);
    return 'granted';
  }

  /** A new account holding USER and ADMIN; refuses an address that is taken or a password the policy refuses. */
  async createAdmin(email: string, password: string): Promise<UserRecord> {
    if (await this.find(email)) throw new AdminOperationError(`${normalizeEmail(email)} is already registered: use promote`);
    try {
      return await this.create(email, password);
    } catch (error) {
      if (error instanceof DuplicateEmailError) throw new AdminOperationError(`${normalizeEmail(email)} is already registered: use promote`);
      throw error;
    }
  }

  /** Grants ADMIN; false when the user already held it. */
  async promote(email: string): Promise<{ user: UserRecord; changed: boolean }> {
    const user = await this.require(email);
    if (isAdmin(user)) return { user, changed: false };
    return { user: await this.grant(user), changed: true };
  }

  /** Takes ADMIN away, never from the last ADMIN unless forced; false when the user did not hold it. */
  async demote(email: string, force = false): Promise<{ user: UserRecord; changed: boolean }> {
    const user = await this.require(email);
    if (!isAdmin(user)) return { user, changed: false };
    const roles = user.roles.filter((role) => role !== ROLES.ADMIN);
    if (!roles.includes(ROLES.USER)) roles.unshift(ROLES.USER);
    let updated: UserRecord | null;
    try {
      updated = await this.users.setRoles(user.id, roles, { allowNoAdmin: force });
    } catch (error) {
      if (error instanceof LastAdminError) {
        throw new AdminOperationError(`${user.email} is the last ADMIN: promote another user first, or add --force`);
      }
      throw error;
    }
    if (!updated) throw new AdminOperationError(`no user with email ${user.email}`);
    this.audit.record('roles_changed', { userId: updated.id, roles: updated.roles, cause: this.cause, forced: force || undefined });
    return { user: updated, changed: true };
  }

  listAdmins(): Promise<UserRecord[]> {
    return this.users.listAdmins();
  }

  /** Raises the token version: every access and refresh token of the user stops working. */
  async revokeSessions(email: string): Promise<UserRecord> {
    const user = await this.require(email);
    const updated = await this.users.incrementTokenVersion(user.id);
    if (!updated) throw new AdminOperationError(`no user with email ${user.email}`);
    this.audit.record('logged_out_everywhere', { userId: updated.id, cause: this.cause });
    return updated;
  }

  private async find(email: string): Promise<UserRecord | null> {
    const problem = emailProblem(email);
    if (problem) throw new AdminOperationError(`${JSON.stringify(email)}: ${problem}`);
    return findUserByEmail(this.users, normalizeEmail(email), email);
  }

  private async require(email: string): Promise<UserRecord> {
    const user = await this.find(email);
    if (!user) throw new AdminOperationError(`no user with email ${normalizeEmail(email)}`);
    return user;
  }

  private async create(email: string, password: string): Promise<UserRecord> {
    const address = normalizeEmail(email);
    const problem = passwordProblem(password, address, this.passwords.maxNewPasswordBytes);
    if (problem) throw new AdminOperationError(`password refused: ${problem}`);
    const passwordHash = await this.passwords.hash(password);
    // The operator chose the address (ADMIN_EMAIL, the CLI): it counts as verified (REQUIRE_VERIFIED_EMAIL lets it in).
    const user = await this.users.create({ email: address, name: null, passwordHash, roles: [ROLES.USER, ROLES.ADMIN], emailVerified: true });
    this.audit.record('registered', { userId: user.id, cause: this.cause });
    this.audit.record('roles_changed', { userId: user.id, roles: user.roles, cause: this.cause });
    return user;
  }

  private async grant(user: UserRecord): Promise<UserRecord> {
    const roles = [...new Set([...user.roles, ROLES.USER, ROLES.ADMIN])];
    const updated = await this.users.setRoles(user.id, roles);
    if (!updated) throw new AdminOperationError(`no user with email ${user.email}`);
    this.audit.record('roles_changed', { userId: updated.id, roles: updated.roles, cause: this.cause });
    return updated;
  }
}

const isAdmin = (user: UserRecord): boolean => user.roles.includes(ROLES.ADMIN);

import { AuditLog } from '../audit/audit-log';
import { ROLES, isRole, ALL_ROLES } from '../auth/roles';
import type { PasswordHasher } from '../auth/passwords/password.hasher';
import { badUserInput } from '../errors/api-errors';
import type { Logger } from '../lib/logger';
import type { RequestInfo } from '../lib/request-context';
import { isObjectIdHex } from '../lib/ids';
import type { Stores } from '../stores/stores';
import { DuplicateEmailError, type UserRecord } from '../stores/user.store';
import { parseEmail } from './user.input-rules';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Administration of users: listing, lookup, roles, and the bootstrap admin. */
export class UserService {
  private readonly audit: AuditLog;

  constructor(
    private readonly stores: Stores,
    private readonly passwords: PasswordHasher,
    private readonly logger: Logger,
  ) {
    this.audit = new AuditLog(logger);
  }

  list(limit: number, offset: number): Promise<UserRecord[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw badUserInput('limit', `limit must be from 1 to ${MAX_PAGE_SIZE}`);
    }
    if (!Number.isInteger(offset) || offset < 0) throw badUserInput('offset', 'offset must be 0 or more');
    return this.stores.users.list({ limit, offset });
  }

  find(id: string): Promise<UserRecord | null> {
    return this.stores.users.findById(id);
  }

  async setRoles(userId: string, roles: string[], request: RequestInfo): Promise<UserRecord> {
    const unknown = roles.filter((role) => !isRole(role));
    if (unknown.length > 0) {
      throw badUserInput('roles', `Unknown role ${unknown.join(', ')}; known roles: ${ALL_ROLES.join(', ')}`);
    }
    const canonical = ALL_ROLES.filter((role) => roles.includes(role));
    const updated = isObjectIdHex(userId) ? await this.stores.users.setRoles(userId, canonical) : null;
    if (!updated) throw badUserInput('userId', 'No user has this id');
    this.audit.record('roles_changed', { userId: updated.id, roles: updated.roles }, request);
    return updated;
  }

  /** Makes sure the configured admin exists and holds ADMIN; an existing password is left alone. */
  async ensureAdmin(admin: { email: string; password: string }): Promise<void> {
    const email = parseEmail(admin.email, 'ADMIN_EMAIL');
    const existing = await this.stores.users.findByEmail(email);
    if (existing) {
      if (!existing.roles.includes(ROLES.ADMIN)) {
        const roles = [...new Set([...existing.roles, ROLES.ADMIN])];
        await this.stores.users.setRoles(existing.id, roles);
        this.audit.record('roles_changed', { userId: existing.id, roles, cause: 'ADMIN_EMAIL at start-up' });
        this.logger.info({ userId: existing.id }, `granted ADMIN to ${email}`);
      }
      return;
    }
    const passwordHash = await this.passwords.hash(admin.password);
    try {
      await this.stores.users.create({ email, name: null, passwordHash, roles: [ROLES.USER, ROLES.ADMIN] });
      this.logger.info(`created admin user ${email}`);
    } catch (error) {
      // Another instance created it first: it exists, which is all we need.
      if (!(error instanceof DuplicateEmailError)) throw error;
      await this.ensureAdmin(admin);
    }
  }
}

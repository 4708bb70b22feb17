import { AuditLog } from '../audit/audit-log';
import { ROLES, isRole, ALL_ROLES, type Role } from '../auth/roles';
import { badUserInput } from '../errors/api-errors';
import type { Logger } from '../lib/logger';
import type { RequestInfo } from '../lib/request-context';
import { noSessionEvents, type SessionEventPublisher } from '../realtime/session-events';
import { isObjectIdHex } from '../lib/ids';
import type { Stores } from '../stores/stores';
import { LastAdminError, type UserRecord } from '../stores/user.store';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const LAST_ADMIN_MESSAGE =
  'This user is the last ADMIN: make another user ADMIN first, or nobody could administer without a restart';

/** Known roles in their canonical order, USER added when missing; BAD_USER_INPUT on `roles` for an unknown or empty list. */
export function canonicalRoles(roles: readonly string[]): Role[] {
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    throw badUserInput('roles', `Unknown role ${unknown.join(', ')}; known roles: ${ALL_ROLES.join(', ')}`);
  }
  // An empty list is a mistake, not a wish for a user who can do nothing (USER alone says so explicitly).
  if (roles.length === 0) throw badUserInput('roles', `Give at least one role: ${ALL_ROLES.join(', ')}`);
  return ALL_ROLES.filter((role) => role === ROLES.USER || roles.includes(role));
}

/** Administration of users: listing, lookup, roles. */
export class UserService {
  private readonly audit: AuditLog;

  constructor(
    private readonly stores: Stores,
    logger: Logger,
    private readonly events: SessionEventPublisher = noSessionEvents,
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

  /** Replaces the roles; USER is always kept, and the last ADMIN cannot lose ADMIN (decided by the store, atomically). */
  async setRoles(userId: string, roles: string[], request: RequestInfo): Promise<UserRecord> {
    const canonical = canonicalRoles(roles);
    let updated: UserRecord | null = null;
    try {
      updated = isObjectIdHex(userId) ? await this.stores.users.setRoles(userId, canonical) : null;
    } catch (error) {
      if (error instanceof LastAdminError) throw badUserInput('roles', LAST_ADMIN_MESSAGE);
      throw error;
    }
    if (!updated) throw badUserInput('userId', 'No user has this id');
    this.audit.record('roles_changed', { userId: updated.id, roles: updated.roles }, request);
    await this.events.publish({ userId: updated.id, type: 'ROLES_CHANGED' });
    return updated;
  }
}

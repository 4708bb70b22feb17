import type { Clock } from '../../lib/clock';
import { newObjectIdHex } from '../../lib/ids';
import { ROLES } from '../../auth/roles';
import {
  DuplicateEmailError,
  LastAdminError,
  type NewUser,
  type SetRolesOptions,
  type UserRecord,
  type UserStore,
} from '../user.store';

/** Same semantics as the MongoDB store, for tests, demos and machines without MongoDB. */
export class MemoryUserStore implements UserStore {
  private readonly byId = new Map<string, UserRecord>();
  private readonly idByEmail = new Map<string, string>();
  /** When each user was last created or changed: the change feed, kept apart so records stay as stored. */
  private readonly changedAt = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  async create(user: NewUser): Promise<UserRecord> {
    if (this.idByEmail.has(user.email)) throw new DuplicateEmailError();
    const record: UserRecord = {
      ...user,
      roles: [...user.roles],
      id: newObjectIdHex(),
      tokenVersion: 0,
      createdAt: new Date(this.clock.now()),
    };
    this.byId.set(record.id, record);
    this.idByEmail.set(record.email, record.id);
    this.changedAt.set(record.id, this.clock.now());
    return copy(record);
  }

  async findById(id: string): Promise<UserRecord | null> {
    const record = this.byId.get(id);
    return record ? copy(record) : null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const id = this.idByEmail.get(email);
    return id ? this.findById(id) : null;
  }

  async list({ limit, offset }: { limit: number; offset: number }): Promise<UserRecord[]> {
    // Map keeps insertion order, which is creation order.
    return [...this.byId.values()].slice(offset, offset + limit).map(copy);
  }

  async setRoles(id: string, roles: string[], options: SetRolesOptions = {}): Promise<UserRecord | null> {
    // Check and write run in one turn of the event loop: atomic, as MongoDB's guarded update is.
    const record = this.byId.get(id);
    const demotes = record?.roles.includes(ROLES.ADMIN) && !roles.includes(ROLES.ADMIN);
    if (demotes && !options.allowNoAdmin && !this.hasAdminOtherThan(id)) throw new LastAdminError();
    return this.update(id, (stored) => {
      stored.roles = [...roles];
    });
  }

  async listAdmins(): Promise<UserRecord[]> {
    return [...this.byId.values()].filter(isAdmin).map(copy);
  }

  async incrementTokenVersion(id: string): Promise<UserRecord | null> {
    return this.update(id, (record) => {
      record.tokenVersion += 1;
    });
  }

  async changePassword(id: string, passwordHash: string): Promise<UserRecord | null> {
    return this.update(id, (record) => {
      record.passwordHash = passwordHash;
      record.tokenVersion += 1;
    });
  }

  async changedSince(since: Date): Promise<Array<{ id: string; updatedAt: Date }>> {
    const from = since.getTime();
    return [...this.changedAt].filter(([, at]) => at >= from).map(([id, at]) => ({ id, updatedAt: new Date(at) }));
  }

  private hasAdminOtherThan(id: string): boolean {
    for (const record of this.byId.values()) if (record.id !== id && isAdmin(record)) return true;
    return false;
  }

  private update(id: string, change: (record: UserRecord) => void): UserRecord | null {
    const record = this.byId.get(id);
    if (!record) return null;
    change(record);
    this.changedAt.set(id, this.clock.now());
    return copy(record);
  }
}

const isAdmin = (record: UserRecord): boolean => record.roles.includes(ROLES.ADMIN);

// Callers get copies, as they would from a database: mutating one never changes the store.
const copy = (record: UserRecord): UserRecord => ({
  ...record,
  roles: [...record.roles],
  createdAt: new Date(record.createdAt),
});

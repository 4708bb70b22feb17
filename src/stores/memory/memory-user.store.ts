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
      emailVerified: user.emailVerified ?? false,
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

  async startTotpEnrollment(id: string, encryptedSecret: string): Promise<UserRecord | null> {
    if (this.byId.get(id)?.totp?.enabledAt) return null;
    return this.update(id, (record) => {
      record.totp = { encryptedSecret, enabledAt: null, lastUsedStep: 0 };
    });
  }

  async enableTotp(id: string, factor: { encryptedSecret: string; step: number; recoveryCodeHashes: string[] }): Promise<UserRecord | null> {
    const totp = this.byId.get(id)?.totp;
    if (!totp || totp.enabledAt || totp.encryptedSecret !== factor.encryptedSecret || totp.lastUsedStep >= factor.step) return null;
    return this.update(id, (record) => {
      record.totp = { encryptedSecret: factor.encryptedSecret, enabledAt: new Date(this.clock.now()), lastUsedStep: factor.step };
      record.recoveryCodeHashes = [...factor.recoveryCodeHashes];
    });
  }

  async recordTotpStep(id: string, step: number): Promise<UserRecord | null> {
    const totp = this.byId.get(id)?.totp;
    if (!totp?.enabledAt || totp.lastUsedStep >= step) return null;
    return this.update(id, () => {
      totp.lastUsedStep = step;
    });
  }

  async useRecoveryCode(id: string, hash: string): Promise<UserRecord | null> {
    const record = this.byId.get(id);
    if (!record?.totp?.enabledAt || !record.recoveryCodeHashes?.includes(hash)) return null;
    return this.update(id, (stored) => {
      stored.recoveryCodeHashes = stored.recoveryCodeHashes!.filter((candidate) => candidate !== hash);
    });
  }

  async replaceRecoveryCodes(id: string, hashes: string[]): Promise<UserRecord | null> {
    if (!this.byId.get(id)?.totp?.enabledAt) return null;
    return this.update(id, (record) => {
      record.recoveryCodeHashes = [...hashes];
    });
  }

  async reencryptTotpSecret(id: string, from: string, to: string): Promise<UserRecord | null> {
    const totp = this.byId.get(id)?.totp;
    if (totp?.encryptedSecret !== from) return null;
    return this.update(id, () => {
      totp.encryptedSecret = to;
    });
  }

  async disableTotp(id: string): Promise<UserRecord | null> {
    if (!this.byId.get(id)?.totp?.enabledAt) return null;
    return this.update(id, (record) => {
      delete record.totp;
      delete record.recoveryCodeHashes;
    });
  }

  async replacePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean> {
    // Compare and write in one turn of the event loop: atomic, as MongoDB's conditional update is.
    const record = this.byId.get(id);
    if (!record || record.passwordHash !== expectedHash) return false;
    record.passwordHash = passwordHash;
    return true;
  }

  async hasPasswordHashWithPrefix(prefixes: readonly string[]): Promise<boolean> {
    for (const record of this.byId.values()) if (prefixes.some((prefix) => record.passwordHash.startsWith(prefix))) return true;
    return false;
  }

  async changedSince(since: Date): Promise<Array<{ id: string; updatedAt: Date }>> {
    const from = since.getTime();
    return [...this.changedAt].filter(([, at]) => at >= from).map(([id, at]) => ({ id, updatedAt: new Date(at) }));
  }

  async markEmailVerified(id: string, email: string): Promise<UserRecord | null> {
    if (this.byId.get(id)?.email !== email) return null;
    return this.update(id, (record) => {
      record.emailVerified = true;
    });
  }

  async changeEmail(id: string, email: string, keepSid?: string): Promise<UserRecord | null> {
    // No such user: null, as MongoDB's conditional update finds nothing, whoever owns the address.
    if (!this.byId.has(id)) return null;
    const owner = this.idByEmail.get(email);
    if (owner !== undefined && owner !== id) throw new DuplicateEmailError();
    return this.update(id, (record) => {
      this.idByEmail.delete(record.email);
      this.idByEmail.set(email, id);
      record.email = email;
      record.emailVerified = true;
      record.keptSession = keepSid ? { sid: keepSid, fromVersion: record.tokenVersion, toVersion: record.tokenVersion + 1 } : undefined;
      record.tokenVersion += 1;
    });
  }

  async resetPassword(id: string, passwordHash: string): Promise<UserRecord | null> {
    return this.update(id, (record) => {
      record.passwordHash = passwordHash;
      record.emailVerified = true;
      record.tokenVersion += 1;
    });
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
const copy = ({ keptSession, ...record }: UserRecord): UserRecord => ({
  ...record,
  roles: [...record.roles],
  createdAt: new Date(record.createdAt),
  ...(keptSession ? { keptSession: { ...keptSession } } : {}),
  ...(record.totp ? { totp: { ...record.totp, enabledAt: record.totp.enabledAt && new Date(record.totp.enabledAt) } } : {}),
  ...(record.recoveryCodeHashes ? { recoveryCodeHashes: [...record.recoveryCodeHashes] } : {}),
});

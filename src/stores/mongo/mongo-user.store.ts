import { type Connection, type Model, Schema } from 'mongoose';
import { isObjectIdHex } from '../../lib/ids';
import type { Clock } from '../../lib/clock';
import { ROLES } from '../../auth/roles';
import {
  DuplicateEmailError,
  LastAdminError,
  type NewUser,
  type SetRolesOptions,
  type UserRecord,
  type UserStore,
} from '../user.store';
import { isDuplicateKeyError } from './duplicate-key';
import { MongoAdminCount } from './mongo-admin-count';

/** The record, plus when it was last created or changed (for the change feed). */
type UserDocument = Omit<UserRecord, 'id'> & { updatedAt: Date };

const userSchema = new Schema<UserDocument>(
  {
    // Already normalised by the caller (trimmed, lower-cased), so a plain unique index is case-insensitive.
    email: { type: String, required: true },
    name: { type: String, default: null },
    roles: { type: [String], default: [] },
    tokenVersion: { type: Number, required: true, default: 0 },
    passwordHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'users', versionKey: false, strict: 'throw' },
);
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ createdAt: 1, _id: 1 });
// Other instances poll by change time to drop cached users.
userSchema.index({ updatedAt: 1 });

type LeanUser = UserDocument & { _id: unknown };

const toRecord = (doc: LeanUser): UserRecord => ({
  id: String(doc._id),
  email: doc.email,
  name: doc.name ?? null,
  roles: [...doc.roles],
  tokenVersion: doc.tokenVersion,
  passwordHash: doc.passwordHash,
  createdAt: new Date(doc.createdAt),
});

const AFTER = { returnDocument: 'after' } as const;
const ADMIN = ROLES.ADMIN;
/** A demotion that keeps meeting concurrent role changes of the same user gives up after this many tries. */
const DEMOTION_ATTEMPTS = 5;

export class MongoUserStore implements UserStore {
  readonly model: Model<UserDocument>;
  private readonly adminCount: MongoAdminCount;

  constructor(connection: Connection, private readonly clock: Clock) {
    this.model = connection.model<UserDocument>('User', userSchema);
    this.adminCount = new MongoAdminCount(connection);
  }

  /** Before the first request: the admin count that guards demotions (see mongo-admin-count.ts). */
  initialize(): Promise<void> {
    return this.adminCount.initialize(() => this.model.countDocuments({ roles: ADMIN }));
  }

  async create(user: NewUser): Promise<UserRecord> {
    try {
      const now = new Date(this.clock.now());
      const doc = await this.model.create({ ...user, tokenVersion: 0, createdAt: now, updatedAt: now });
      // Counted once it exists, never before (the count must not run ahead of the admins).
      if (user.roles.includes(ADMIN)) await this.adminCount.added();
      return toRecord(doc.toObject());
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateEmailError();
      throw error;
    }
  }

  async findById(id: string): Promise<UserRecord | null> {
    if (!isObjectIdHex(id)) return null; // same ids as the memory store: no 12-byte strings, no upper case
    const doc = await this.model.findById(id).lean<LeanUser>();
    return doc ? toRecord(doc) : null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const doc = await this.model.findOne({ email }).lean<LeanUser>();
    return doc ? toRecord(doc) : null;
  }

  async list({ limit, offset }: { limit: number; offset: number }): Promise<UserRecord[]> {
    const docs = await this.model.find().sort({ createdAt: 1, _id: 1 }).skip(offset).limit(limit).lean<LeanUser[]>();
    return docs.map(toRecord);
  }

  async setRoles(id: string, roles: string[], options: SetRolesOptions = {}): Promise<UserRecord | null> {
    if (!isObjectIdHex(id)) return null;
    const set = () => ({ $set: { roles, updatedAt: new Date(this.clock.now()) } });
    if (roles.includes(ADMIN)) {
      // The user first, then the count; the previous roles tell whether this made a new admin.
      const before = await this.model.findByIdAndUpdate(id, set(), { returnDocument: 'before' }).lean<LeanUser>();
      if (!before) return null;
      if (!before.roles.includes(ADMIN)) await this.adminCount.added();
      return toRecord({ ...before, roles });
    }
    for (let attempt = 0; attempt < DEMOTION_ATTEMPTS; attempt++) {
      // Not an admin: nothing to guard, as long as that is still so when the write lands.
      const plain = await this.model.findOneAndUpdate({ _id: id, roles: { $ne: ADMIN } }, set(), AFTER).lean<LeanUser>();
      if (plain) return toRecord(plain);
      // An admin (or no such user): take one from the count first, only while another admin remains.
      const reserved = await this.adminCount.reserveRemoval(options.allowNoAdmin ? 0 : 1);
      if (reserved || options.allowNoAdmin) {
        const demoted = await this.model.findOneAndUpdate({ _id: id, roles: ADMIN }, set(), AFTER).lean<LeanUser>();
        if (demoted) return toRecord(demoted);
        if (reserved) await this.adminCount.added(); // not an admin after all: give it back
      }
      const current = await this.findById(id);
      if (!current) return null;
      if (current.roles.includes(ADMIN) && !reserved && !options.allowNoAdmin) throw new LastAdminError();
      // Its roles changed between two steps: look again.
    }
    throw new Error(`the roles of user ${id} kept changing during the update; try again`);
  }

  async listAdmins(): Promise<UserRecord[]> {
    const docs = await this.model.find({ roles: ADMIN }).sort({ createdAt: 1, _id: 1 }).lean<LeanUser[]>();
    return docs.map(toRecord);
  }

  async incrementTokenVersion(id: string): Promise<UserRecord | null> {
    return this.updateById(id, { $inc: { tokenVersion: 1 }, $set: { updatedAt: new Date(this.clock.now()) } });
  }

  async changePassword(id: string, passwordHash: string): Promise<UserRecord | null> {
    return this.updateById(id, {
      $set: { passwordHash, updatedAt: new Date(this.clock.now()) },
      $inc: { tokenVersion: 1 },
    });
  }

  async changedSince(since: Date): Promise<Array<{ id: string; updatedAt: Date }>> {
    const docs = await this.model.find({ updatedAt: { $gte: since } }, { _id: 1, updatedAt: 1 }).lean<Array<{ _id: unknown; updatedAt: Date }>>();
    return docs.map((doc) => ({ id: String(doc._id), updatedAt: new Date(doc.updatedAt) }));
  }

  private async updateById(id: string, update: Record<string, unknown>): Promise<UserRecord | null> {
    if (!isObjectIdHex(id)) return null; // same ids as the memory store: no 12-byte strings, no upper case
    const doc = await this.model.findByIdAndUpdate(id, update, AFTER).lean<LeanUser>();
    return doc ? toRecord(doc) : null;
  }
}

import { type Connection, type Model, Schema } from 'mongoose';
import { isObjectIdHex } from '../../lib/ids';
import type { Clock } from '../../lib/clock';
import { DuplicateEmailError, type NewUser, type UserRecord, type UserStore } from '../user.store';
import { isDuplicateKeyError } from './duplicate-key';

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

export class MongoUserStore implements UserStore {
  readonly model: Model<UserDocument>;

  constructor(connection: Connection, private readonly clock: Clock) {
    this.model = connection.model<UserDocument>('User', userSchema);
  }

  async create(user: NewUser): Promise<UserRecord> {
    try {
      const now = new Date(this.clock.now());
      const doc = await this.model.create({ ...user, tokenVersion: 0, createdAt: now, updatedAt: now });
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

  async setRoles(id: string, roles: string[]): Promise<UserRecord | null> {
    return this.updateById(id, { $set: { roles, updatedAt: new Date(this.clock.now()) } });
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

  async changedSince(since: Date): Promise<string[]> {
    const docs = await this.model.find({ updatedAt: { $gte: since } }, { _id: 1 }).lean<Array<{ _id: unknown }>>();
    return docs.map((doc) => String(doc._id));
  }

  private async updateById(id: string, update: Record<string, unknown>): Promise<UserRecord | null> {
    if (!isObjectIdHex(id)) return null; // same ids as the memory store: no 12-byte strings, no upper case
    const doc = await this.model.findByIdAndUpdate(id, update, AFTER).lean<LeanUser>();
    return doc ? toRecord(doc) : null;
  }
}

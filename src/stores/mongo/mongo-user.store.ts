import { type Connection, type Model, Schema } from 'mongoose';
import { isObjectIdHex } from '../../lib/ids';
import type { Clock } from '../../lib/clock';
import { ROLES } from '../../auth/roles';
import {
  DuplicateEmailError,
  type KeptSession,
  LastAdminError,
  type NewUser,
  type SetRolesOptions,
  type TotpFactor,
  type UserRecord,
  type UserStore,
} from '../user.store';
import { isDuplicateKeyError } from './duplicate-key';
import { MongoAdminCount } from './mongo-admin-count';

/** The record, plus when it was last created or changed (for the change feed). */
type UserDocument = Omit<UserRecord, 'id'> & { updatedAt: Date };

const keptSessionSchema = new Schema<KeptSession>(
  {
    sid: { type: String, required: true },
    fromVersion: { type: Number, required: true },
    toVersion: { type: Number, required: true },
  },
  { _id: false, strict: 'throw' },
);

// A sub-document without its own _id: the factor is part of the user and changes with single-document updates.
const totpSchema = new Schema<TotpFactor>(
  {
    encryptedSecret: { type: String, required: true },
    enabledAt: { type: Date, default: null },
    lastUsedStep: { type: Number, required: true },
  },
  { _id: false, strict: 'throw' },
);

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
    // Not required and no default: documents stored before verification existed lack it and count as verified.
    emailVerified: { type: Boolean, required: false },
    keptSession: { type: keptSessionSchema, required: false },
    // Absent (not empty) until the user enrols: `default: undefined` keeps mongoose from adding them.
    totp: { type: totpSchema, default: undefined },
    recoveryCodeHashes: { type: [String], default: undefined },
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
  // Only an explicit false is unverified: a missing field is an account from before verification existed.
  emailVerified: doc.emailVerified !== false,
  ...(doc.keptSession
    ? { keptSession: { sid: doc.keptSession.sid, fromVersion: doc.keptSession.fromVersion, toVersion: doc.keptSession.toVersion } }
    : {}),
  ...(doc.totp
    ? { totp: { encryptedSecret: doc.totp.encryptedSecret, enabledAt: doc.totp.enabledAt ? new Date(doc.totp.enabledAt) : null, lastUsedStep: doc.totp.lastUsedStep } }
    : {}),
  ...(doc.recoveryCodeHashes ? { recoveryCodeHashes: [...doc.recoveryCodeHashes] } : {}),
});

/** Matches a user whose 2FA is on: `enabledAt` set (a missing factor or a pending one has none). */
const TOTP_ON = { 'totp.enabledAt': { $ne: null } } as const;
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const AFTER = { returnDocument: 'after' } as const;
const ADMIN = ROLES.ADMIN;
/** A demotion that keeps meeting concurrent role changes of the same user gives up after this many tries. */
const DEMOTION_ATTEMPTS = 5;
/** An email change that keeps meeting concurrent token-version raises gives up after this many tries. */
const VERSION_ATTEMPTS = 5;

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
      const doc = await this.model.create({ ...user, emailVerified: user.emailVerified ?? false, tokenVersion: 0, createdAt: now, updatedAt: now });
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

  async replacePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean> {
    if (!isObjectIdHex(id)) return false;
    // The filter holds the old hash: of an upgrade and a password change racing, the change is never undone.
    const result = await this.model.updateOne({ _id: id, passwordHash: expectedHash }, { $set: { passwordHash } });
    // Matched, not modified: writing the same bytes again modifies nothing, yet the hash was the expected one.
    return result.matchedCount === 1;
  }

  async hasPasswordHashWithPrefix(prefixes: readonly string[]): Promise<boolean> {
    if (prefixes.length === 0) return false;
    // An anchored regex of escaped literals: "starts with one of these". A scan, run by the census every few minutes.
    const pattern = `^(?:${prefixes.map(escapeRegExp).join('|')})`;
    return (await this.model.exists({ passwordHash: { $regex: pattern } })) !== null;
  }

  async changedSince(since: Date): Promise<Array<{ id: string; updatedAt: Date }>> {
    const docs = await this.model.find({ updatedAt: { $gte: since } }, { _id: 1, updatedAt: 1 }).lean<Array<{ _id: unknown; updatedAt: Date }>>();
    return docs.map((doc) => ({ id: String(doc._id), updatedAt: new Date(doc.updatedAt) }));
  }

  async markEmailVerified(id: string, email: string): Promise<UserRecord | null> {
    if (!isObjectIdHex(id)) return null;
    const doc = await this.model
      .findOneAndUpdate({ _id: id, email }, { $set: { emailVerified: true, updatedAt: new Date(this.clock.now()) } }, AFTER)
      .lean<LeanUser>();
    return doc ? toRecord(doc) : null;
  }

  async changeEmail(id: string, email: string, keepSid?: string): Promise<UserRecord | null> {
    if (!isObjectIdHex(id)) return null;
    // The kept session names the version it came from: a conditional update on that version, retried when
    // another write raised it in between (no transactions: one document, one atomic update).
    for (let attempt = 0; attempt < VERSION_ATTEMPTS; attempt++) {
      const current = await this.model.findById(id, { tokenVersion: 1 }).lean<{ tokenVersion: number }>();
      if (!current) return null;
      const version = current.tokenVersion;
      const set = { email, emailVerified: true, updatedAt: new Date(this.clock.now()) };
      const update = keepSid
        ? { $set: { ...set, keptSession: { sid: keepSid, fromVersion: version, toVersion: version + 1 } }, $inc: { tokenVersion: 1 } }
        : { $set: set, $unset: { keptSession: 1 }, $inc: { tokenVersion: 1 } };
      try {
        const doc = await this.model.findOneAndUpdate({ _id: id, tokenVersion: version }, update, AFTER).lean<LeanUser>();
        if (doc) return toRecord(doc);
      } catch (error) {
        if (isDuplicateKeyError(error)) throw new DuplicateEmailError();
        throw error;
      }
    }
    throw new Error(`the token version of user ${id} kept changing during the email change; try again`);
  }

  async resetPassword(id: string, passwordHash: string): Promise<UserRecord | null> {
    return this.updateById(id, {
      $set: { passwordHash, emailVerified: true, updatedAt: new Date(this.clock.now()) },
      $inc: { tokenVersion: 1 },
    });
  }

  async startTotpEnrollment(id: string, encryptedSecret: string): Promise<UserRecord | null> {
    // { 'totp.enabledAt': null } matches a user without a factor as well as one with a pending factor.
    return this.updateWhere(id, { 'totp.enabledAt': null }, { $set: { totp: { encryptedSecret, enabledAt: null, lastUsedStep: 0 } } });
  }

  async enableTotp(id: string, factor: { encryptedSecret: string; step: number; recoveryCodeHashes: string[] }): Promise<UserRecord | null> {
    const pending = { 'totp.encryptedSecret': factor.encryptedSecret, 'totp.enabledAt': null, 'totp.lastUsedStep': { $lt: factor.step } };
    return this.updateWhere(id, pending, {
      $set: { 'totp.enabledAt': new Date(this.clock.now()), 'totp.lastUsedStep': factor.step, recoveryCodeHashes: factor.recoveryCodeHashes },
    });
  }

  async recordTotpStep(id: string, step: number): Promise<UserRecord | null> {
    return this.updateWhere(id, { ...TOTP_ON, 'totp.lastUsedStep': { $lt: step } }, { $set: { 'totp.lastUsedStep': step } });
  }

  async useRecoveryCode(id: string, hash: string): Promise<UserRecord | null> {
    // The filter names the hash: of two requests spending one code, only one finds it to $pull.
    return this.updateWhere(id, { ...TOTP_ON, recoveryCodeHashes: hash }, { $pull: { recoveryCodeHashes: hash } });
  }

  async replaceRecoveryCodes(id: string, hashes: string[]): Promise<UserRecord | null> {
    return this.updateWhere(id, TOTP_ON, { $set: { recoveryCodeHashes: hashes } });
  }

  async reencryptTotpSecret(id: string, from: string, to: string): Promise<UserRecord | null> {
    return this.updateWhere(id, { 'totp.encryptedSecret': from }, { $set: { 'totp.encryptedSecret': to } });
  }

  async disableTotp(id: string): Promise<UserRecord | null> {
    return this.updateWhere(id, TOTP_ON, { $unset: { totp: 1, recoveryCodeHashes: 1 } });
  }

  /** One conditional update of one document, stamped for the change feed; null when the condition does not hold. */
  private async updateWhere(
    id: string,
    condition: Record<string, unknown>,
    update: { $set?: Record<string, unknown>; $pull?: Record<string, unknown>; $unset?: Record<string, 1> },
  ): Promise<UserRecord | null> {
    if (!isObjectIdHex(id)) return null;
    const stamped = { ...update, $set: { ...update.$set, updatedAt: new Date(this.clock.now()) } };
    const doc = await this.model.findOneAndUpdate({ _id: id, ...condition }, stamped, AFTER).lean<LeanUser>();
    return doc ? toRecord(doc) : null;
  }

  private async updateById(id: string, update: Record<string, unknown>): Promise<UserRecord | null> {
    if (!isObjectIdHex(id)) return null; // same ids as the memory store: no 12-byte strings, no upper case
    const doc = await this.model.findByIdAndUpdate(id, update, AFTER).lean<LeanUser>();
    return doc ? toRecord(doc) : null;
  }
}

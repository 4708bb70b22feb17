import { type Connection, type Model, Schema } from 'mongoose';
import { isDuplicateKeyError } from './duplicate-key';

/**
 * How many users hold ADMIN, in one document, so "is there another admin?" is a single-document
 * conditional update (MongoDB has no multi-document atomicity without transactions, which we do not use).
 *
 * The invariant is count <= the number of admins: a demotion takes one from the count (only while it is
 * above 1) BEFORE it takes ADMIN from the user, and gives it back if the user turns out not to be an admin;
 * a promotion adds one AFTER the user holds ADMIN. Whatever interleaves, and wherever a process dies
 * between the two writes, the count can only fall behind the truth, never run ahead of it. A guarded
 * demotion leaves the count at 1 or more, so at least one admin remains. A count that fell behind refuses
 * a demotion it could have allowed: a nuisance (the operator CLI's `demote --force` gets past it, and the
 * count is rebuilt only when the document is missing), never a service nobody can administer.
 */
interface CounterDocument {
  _id: string;
  count: number;
}

const counterSchema = new Schema<CounterDocument>(
  { _id: { type: String, required: true }, count: { type: Number, required: true } },
  { collection: 'counters', versionKey: false, strict: 'throw' },
);

const ADMINS = 'admins';

export class MongoAdminCount {
  readonly model: Model<CounterDocument>;

  constructor(connection: Connection) {
    this.model = connection.model<CounterDocument>('Counter', counterSchema);
  }

  /**
   * Creates the count from the admins stored now, when there is none yet (first start with this version).
   * A demotion elsewhere meanwhile finds no count and is refused; a promotion's increment is lost: both
   * leave the count at or below the truth.
   */
  async initialize(countAdmins: () => Promise<number>): Promise<void> {
    if (await this.model.exists({ _id: ADMINS })) return;
    const count = await countAdmins();
    try {
      await this.model.updateOne({ _id: ADMINS }, { $setOnInsert: { count } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // another instance created it first
    }
  }

  /** Takes one admin from the count if at least `keep` others remain; false when that would go below. */
  async reserveRemoval(keep: number): Promise<boolean> {
    const result = await this.model.updateOne({ _id: ADMINS, count: { $gt: keep } }, { $inc: { count: -1 } });
    return result.modifiedCount === 1;
  }

  /** A user became an admin, or a reserved removal did not happen. */
  async added(): Promise<void> {
    await this.model.updateOne({ _id: ADMINS }, { $inc: { count: 1 } });
  }
}

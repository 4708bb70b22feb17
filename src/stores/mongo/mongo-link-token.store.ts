import { type Connection, type Model, Schema } from 'mongoose';
import type { Clock } from '../../lib/clock';
import {
  LINK_PURPOSES, type LinkConsumption, type LinkPurpose, type LinkTokenRecord, type LinkTokenStore, type NewLinkToken,
} from '../link-token.store';
import { isDuplicateKeyError } from './duplicate-key';

/** Kept this long past expiry so a late click still hears LINK_EXPIRED or LINK_USED; then the TTL monitor removes it. */
export const LINK_TOKEN_RETENTION_SECONDS = 24 * 3600;

const linkTokenSchema = new Schema<LinkTokenRecord>(
  {
    tokenHash: { type: String, required: true },
    purpose: { type: String, required: true, enum: [...LINK_PURPOSES] },
    userId: { type: String, required: true },
    email: { type: String, required: true },
    sid: { type: String, required: false },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    used: { type: Boolean, required: true },
  },
  { collection: 'link_tokens', versionKey: false, strict: 'throw' },
);
linkTokenSchema.index({ tokenHash: 1 }, { unique: true });
// One record per user and purpose: issuing replaces it, so a newer link voids the older in the same write.
linkTokenSchema.index({ userId: 1, purpose: 1 }, { unique: true });
// Clean-up only: expiry is checked on every read.
linkTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: LINK_TOKEN_RETENTION_SECONDS });

type LeanLinkToken = LinkTokenRecord & { _id: unknown };

const toRecord = (doc: LeanLinkToken): LinkTokenRecord => ({
  tokenHash: doc.tokenHash,
  purpose: doc.purpose,
  userId: doc.userId,
  email: doc.email,
  ...(doc.sid ? { sid: doc.sid } : {}),
  createdAt: new Date(doc.createdAt),
  expiresAt: new Date(doc.expiresAt),
  used: doc.used,
});

export class MongoLinkTokenStore implements LinkTokenStore {
  readonly model: Model<LinkTokenRecord>;

  constructor(connection: Connection, private readonly clock: Clock) {
    this.model = connection.model<LinkTokenRecord>('LinkToken', linkTokenSchema);
  }

  async issue(token: NewLinkToken): Promise<void> {
    const replacement: LinkTokenRecord = {
      tokenHash: token.tokenHash,
      purpose: token.purpose,
      userId: token.userId,
      email: token.email,
      ...(token.sid ? { sid: token.sid } : {}),
      createdAt: new Date(this.clock.now()),
      expiresAt: new Date(token.expiresAt),
      used: false,
    };
    const filter = { userId: token.userId, purpose: token.purpose };
    try {
      await this.model.replaceOne(filter, replacement, { upsert: true });
    } catch (error) {
      // Two upserts racing for a user without a record: one inserted, so the other's retry replaces it.
      if (!isDuplicateKeyError(error)) throw error;
      await this.model.replaceOne(filter, replacement, { upsert: true });
    }
  }

  async find(tokenHash: string, purpose: LinkPurpose): Promise<LinkConsumption> {
    const doc = await this.model.findOne({ tokenHash }).lean<LeanLinkToken>();
    if (!doc || doc.purpose !== purpose) return { outcome: 'unknown' };
    if (doc.used) return { outcome: 'used' };
    // The TTL monitor runs about once a minute, and only a day after expiry: expiry is decided here.
    if (new Date(doc.expiresAt).getTime() <= this.clock.now()) return { outcome: 'expired' };
    return { outcome: 'consumed', record: toRecord(doc) };
  }

  async consume(tokenHash: string, purpose: LinkPurpose): Promise<LinkConsumption> {
    // One conditional update decides: of two racing clicks, only one matches `used: false`.
    const doc = await this.model
      .findOneAndUpdate(
        { tokenHash, purpose, used: false, expiresAt: { $gt: new Date(this.clock.now()) } },
        { $set: { used: true } },
        { returnDocument: 'after' },
      )
      .lean<LeanLinkToken>();
    if (doc) return { outcome: 'consumed', record: toRecord(doc) };
    const why = await this.find(tokenHash, purpose);
    // Unused and live a moment ago but not matched: another consume won in between.
    return why.outcome === 'consumed' ? { outcome: 'used' } : why;
  }

  async voidUnused(userId: string, purpose: LinkPurpose): Promise<number> {
    const result = await this.model.deleteMany({ userId, purpose, used: false });
    return result.deletedCount ?? 0;
  }
}

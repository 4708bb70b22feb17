import { type Connection, type Model, Schema } from 'mongoose';
import type { Clock } from '../../lib/clock';
import type { RevocationReason, RevokedToken, RevokedTokenStore, RotationSuccessor } from '../revoked-token.store';
import { isDuplicateKeyError } from './duplicate-key';

// Claims are opaque JSON here (Mixed keeps their key order); only the token service gives them meaning.
const successorSchema = new Schema<RotationSuccessor>(
  {
    rotatedAt: { type: Date, required: true },
    access: { type: Schema.Types.Mixed, required: true },
    refresh: { type: Schema.Types.Mixed, required: true },
  },
  { _id: false, strict: 'throw' },
);

const revokedTokenSchema = new Schema<RevokedToken>(
  {
    jti: { type: String, required: true },
    userId: { type: String, required: true },
    reason: { type: String, required: true, enum: ['rotated', 'logout', 'reuse'] satisfies RevocationReason[] },
    expiresAt: { type: Date, required: true },
    successor: { type: successorSchema, required: false },
  },
  { collection: 'revoked_tokens', versionKey: false, strict: 'throw' },
);
// The unique jti makes revoke() atomic; TTL only cleans up (the monitor runs about once a minute).
revokedTokenSchema.index({ jti: 1 }, { unique: true });
revokedTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

type LeanRevokedToken = RevokedToken & { _id: unknown };

export class MongoRevokedTokenStore implements RevokedTokenStore {
  readonly model: Model<RevokedToken>;

  constructor(connection: Connection, private readonly clock: Clock) {
    this.model = connection.model<RevokedToken>('RevokedToken', revokedTokenSchema);
  }

  async revoke(entry: RevokedToken): Promise<boolean> {
    try {
      await this.model.create({ ...entry });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async find(jti: string): Promise<RevokedToken | null> {
    // Expiry is checked here because the TTL monitor may not have removed the entry yet.
    const doc = await this.model
      .findOne({ jti, expiresAt: { $gt: new Date(this.clock.now()) } })
      .lean<LeanRevokedToken>();
    if (!doc) return null;
    const entry: RevokedToken = { jti: doc.jti, userId: doc.userId, reason: doc.reason, expiresAt: new Date(doc.expiresAt) };
    if (doc.successor) {
      const { rotatedAt, access, refresh } = doc.successor;
      entry.successor = { rotatedAt: new Date(rotatedAt), access, refresh };
    }
    return entry;
  }
}

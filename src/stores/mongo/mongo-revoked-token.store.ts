import { type Connection, type Model, Schema } from 'mongoose';
import type { Clock } from '../../lib/clock';
import type {
  RevocationReason, RevocationStamp, RevokedToken, RevokedTokenStore, RotationClient, RotationSuccessor,
} from '../revoked-token.store';
import { isDuplicateKeyError } from './duplicate-key';

const rotationClientSchema = new Schema<RotationClient>(
  {
    subnet: { type: String, required: true },
    userAgentHash: { type: String, required: true },
  },
  { _id: false, strict: 'throw' },
);

// Claims are opaque JSON here (Mixed keeps their key order); only the token service gives them meaning.
const successorSchema = new Schema<RotationSuccessor>(
  {
    rotatedAt: { type: Date, required: true },
    access: { type: Schema.Types.Mixed, required: true },
    refresh: { type: Schema.Types.Mixed, required: true },
    // Not required: rotations recorded before clients were kept have none (the service treats that as no match).
    client: { type: rotationClientSchema, required: false },
  },
  { _id: false, strict: 'throw' },
);

/** The entry as given, plus when it was recorded (for the change feed). */
type RevokedTokenDocument = RevokedToken & { revokedAt: Date };

const revokedTokenSchema = new Schema<RevokedTokenDocument>(
  {
    jti: { type: String, required: true },
    userId: { type: String, required: true },
    reason: { type: String, required: true, enum: ['rotated', 'logout', 'reuse', 'session'] satisfies RevocationReason[] },
    expiresAt: { type: Date, required: true },
    successor: { type: successorSchema, required: false },
    revokedAt: { type: Date, required: true },
  },
  { collection: 'revoked_tokens', versionKey: false, strict: 'throw' },
);
// The unique jti makes revoke() atomic; TTL only cleans up (the monitor runs about once a minute).
revokedTokenSchema.index({ jti: 1 }, { unique: true });
revokedTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
// Other instances poll by recording time to hear of revocations.
revokedTokenSchema.index({ revokedAt: 1 });

type LeanRevokedToken = RevokedTokenDocument & { _id: unknown };

export class MongoRevokedTokenStore implements RevokedTokenStore {
  readonly model: Model<RevokedTokenDocument>;

  constructor(connection: Connection, private readonly clock: Clock) {
    this.model = connection.model<RevokedTokenDocument>('RevokedToken', revokedTokenSchema);
  }

  async revoke(entry: RevokedToken): Promise<boolean> {
    try {
      await this.model.create({ ...entry, revokedAt: new Date(this.clock.now()) });
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
      const { rotatedAt, access, refresh, client } = doc.successor;
      entry.successor = { rotatedAt: new Date(rotatedAt), access, refresh };
      if (client) entry.successor.client = { subnet: client.subnet, userAgentHash: client.userAgentHash };
    }
    return entry;
  }

  async revokedSince(since: Date): Promise<RevocationStamp[]> {
    const docs = await this.model
      .find(
        { revokedAt: { $gte: since }, expiresAt: { $gt: new Date(this.clock.now()) }, reason: { $ne: 'rotated' } },
        { jti: 1, revokedAt: 1, _id: 0 },
      )
      .lean<Array<{ jti: string; revokedAt: Date }>>();
    return docs.map((doc) => ({ jti: doc.jti, revokedAt: new Date(doc.revokedAt) }));
  }
}

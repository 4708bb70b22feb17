import { type Connection, type Model, Schema } from 'mongoose';
import type { SigningKeyStore } from '../signing-key.store';
import { isDuplicateKeyError } from './duplicate-key';

interface KeyRetirementDocument {
  /** A fingerprint of the key (SHA-256 of the secret), never the secret. */
  keyId: string;
  retiredAt: Date;
}

const keyRetirementSchema = new Schema<KeyRetirementDocument>(
  {
    keyId: { type: String, required: true },
    retiredAt: { type: Date, required: true },
  },
  { collection: 'signing_key_retirements', versionKey: false, strict: 'throw' },
);
// One record per key: the unique index makes "the first record wins" hold between instances.
keyRetirementSchema.index({ keyId: 1 }, { unique: true });

export class MongoSigningKeyStore implements SigningKeyStore {
  readonly model: Model<KeyRetirementDocument>;

  constructor(connection: Connection) {
    this.model = connection.model<KeyRetirementDocument>('SigningKeyRetirement', keyRetirementSchema);
  }

  async recordRetirement(keyId: string, retiredAt: Date): Promise<Date> {
    // $setOnInsert: an existing record is returned unchanged. Two upserts racing on a missing record can
    // both try to insert; the loser hits the unique index, and by then the winner's record is there to read.
    for (let attempt = 1; ; attempt++) {
      try {
        const doc = await this.model
          .findOneAndUpdate({ keyId }, { $setOnInsert: { retiredAt } }, { upsert: true, returnDocument: 'after' })
          .lean<KeyRetirementDocument>();
        if (!doc) throw new Error('the key retirement upsert returned no document');
        return new Date(doc.retiredAt);
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= 2) throw error;
      }
    }
  }

  async forgetRetirement(keyId: string): Promise<boolean> {
    const { deletedCount } = await this.model.deleteOne({ keyId });
    return deletedCount > 0;
  }
}

import { type Connection, type Model, Schema } from 'mongoose';
import type { Clock } from '../../lib/clock';
import type { SignInDeviceSighting, SignInDeviceStore } from '../sign-in-device.store';
import { isDuplicateKeyError } from './duplicate-key';

const signInDeviceSchema = new Schema<SignInDeviceSighting>(
  {
    key: { type: String, required: true },
    userId: { type: String, required: true },
    seenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sign_in_devices', versionKey: false, strict: 'throw' },
);
signInDeviceSchema.index({ key: 1 }, { unique: true });
// Clean-up only: expiry is checked on every read.
signInDeviceSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export class MongoSignInDeviceStore implements SignInDeviceStore {
  readonly model: Model<SignInDeviceSighting>;

  constructor(connection: Connection, private readonly clock: Clock) {
    this.model = connection.model<SignInDeviceSighting>('SignInDevice', signInDeviceSchema);
  }

  async remember(sighting: SignInDeviceSighting): Promise<boolean> {
    const { key, userId, seenAt, expiresAt } = sighting;
    try {
      // One upsert reads what was there before and writes the new expiry: no read-then-write gap.
      const before = await this.model
        .findOneAndUpdate({ key }, { $set: { userId, seenAt, expiresAt } }, { upsert: true, returnDocument: 'before' })
        .lean<SignInDeviceSighting>();
      // The TTL monitor runs about once a minute: an expired record may still be here, and counts as absent.
      return !before || new Date(before.expiresAt).getTime() <= this.clock.now();
    } catch (error) {
      // Two upserts racing for a key with no record: the one that inserted heard "new"; this one is the second.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}

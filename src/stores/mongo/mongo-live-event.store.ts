import { type Connection, type Model, Schema } from 'mongoose';
import type { Clock } from '../../lib/clock';
import type { LiveEventKind, LiveEventRecord, LiveEventStore } from '../live-event.store';

const optionalString = { type: String, default: null };

/** The record, with the event id as _id (a string: a random UUID). */
type LiveEventDocument = Omit<LiveEventRecord, 'id'> & { _id: string };

const liveEventSchema = new Schema<LiveEventDocument>(
  {
    _id: { type: String, required: true },
    origin: { type: String, required: true },
    kind: { type: String, required: true, enum: ['session', 'audit'] satisfies LiveEventKind[] },
    userId: optionalString,
    type: { type: String, required: true },
    sessionId: optionalString,
    device: optionalString,
    actorId: optionalString,
    ip: optionalString,
    requestId: optionalString,
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'events', versionKey: false, strict: 'throw' },
);
// Other instances poll by time; the TTL index only cleans up (expiry is checked on every read).
liveEventSchema.index({ at: 1 });
liveEventSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export class MongoLiveEventStore implements LiveEventStore {
  readonly model: Model<LiveEventDocument>;

  constructor(connection: Connection, private readonly clock: Clock) {
    this.model = connection.model<LiveEventDocument>('LiveEvent', liveEventSchema);
  }

  async append(event: LiveEventRecord): Promise<void> {
    const { id, ...rest } = event;
    await this.model.create({ ...rest, _id: id });
  }

  async since(since: Date): Promise<LiveEventRecord[]> {
    const docs = await this.model
      .find({ at: { $gte: since }, expiresAt: { $gt: new Date(this.clock.now()) } })
      .sort({ at: 1, _id: 1 })
      .lean<LiveEventDocument[]>();
    return docs.map((doc) => ({
      id: String(doc._id),
      origin: doc.origin,
      kind: doc.kind,
      userId: doc.userId ?? null,
      type: doc.type,
      sessionId: doc.sessionId ?? null,
      device: doc.device ?? null,
      actorId: doc.actorId ?? null,
      ip: doc.ip ?? null,
      requestId: doc.requestId ?? null,
      at: new Date(doc.at),
      expiresAt: new Date(doc.expiresAt),
    }));
  }
}

import { type Connection, type Model, Schema } from 'mongoose';
import type { Clock } from '../../lib/clock';
import type { NewSession, SessionActivity, SessionRecord, SessionStore } from '../session.store';

/** The record, with the session id as _id (a string: the tokens' sid). */
type SessionDocument = Omit<SessionRecord, 'id'> & { _id: string };

const sessionSchema = new Schema<SessionDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastActiveAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    tokenVersion: { type: Number, required: true },
    createdIp: { type: String, default: null },
    createdUserAgent: { type: String, default: null },
    lastIp: { type: String, default: null },
    lastUserAgent: { type: String, default: null },
    device: { type: String, required: true },
    amr: { type: [String], required: true },
    remembered: { type: Boolean, required: true },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'sessions', versionKey: false, strict: 'throw' },
);
// A user's sessions, newest first (mySessions, revokeOtherSessions).
sessionSchema.index({ userId: 1, createdAt: -1 });
// Clean-up only: every read checks expiresAt itself, as the TTL monitor runs about once a minute.
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const AFTER = { returnDocument: 'after' } as const;

export class MongoSessionStore implements SessionStore {
  readonly model: Model<SessionDocument>;

  constructor(connection: Connection, private readonly clock: Clock) {
    this.model = connection.model<SessionDocument>('Session', sessionSchema);
  }

  async create(session: NewSession): Promise<void> {
    const { id, ...rest } = session;
    await this.model.create({ ...rest, _id: id, amr: [...session.amr], revokedAt: null });
  }

  async find(id: string): Promise<SessionRecord | null> {
    const doc = await this.model.findOne({ _id: id, expiresAt: { $gt: this.now() } }).lean<SessionDocument>();
    return doc ? recordOf(doc) : null;
  }

  async listLive(userId: string, tokenVersion: number): Promise<SessionRecord[]> {
    const docs = await this.model
      .find({ userId, tokenVersion, revokedAt: null, expiresAt: { $gt: this.now() } })
      .sort({ createdAt: -1, _id: 1 })
      .lean<SessionDocument[]>();
    return docs.map(recordOf);
  }

  async touch(id: string, activity: SessionActivity): Promise<SessionRecord | null> {
    const update = { $set: { lastActiveAt: activity.at, lastIp: activity.ip, lastUserAgent: activity.userAgent } };
    const doc = await this.model.findOneAndUpdate(this.live(id), update, AFTER).lean<SessionDocument>();
    return doc ? recordOf(doc) : null;
  }

  async revoke(id: string, userId: string): Promise<SessionRecord | null> {
    // One conditional update: of two racing revocations exactly one matches a live session.
    const update = { $set: { revokedAt: this.now() } };
    const doc = await this.model.findOneAndUpdate({ ...this.live(id), userId }, update, AFTER).lean<SessionDocument>();
    return doc ? recordOf(doc) : null;
  }

  async setAmr(id: string, userId: string, amr: string[]): Promise<SessionRecord | null> {
    const doc = await this.model.findOneAndUpdate({ ...this.live(id), userId }, { $set: { amr: [...amr] } }, AFTER).lean<SessionDocument>();
    return doc ? recordOf(doc) : null;
  }

  async setTokenVersion(id: string, userId: string, tokenVersion: number): Promise<SessionRecord | null> {
    const doc = await this.model
      .findOneAndUpdate({ ...this.live(id), userId }, { $set: { tokenVersion } }, AFTER)
      .lean<SessionDocument>();
    return doc ? recordOf(doc) : null;
  }

  /** The filter of a live session: not revoked, not expired. */
  private live(id: string) {
    return { _id: id, revokedAt: null, expiresAt: { $gt: this.now() } };
  }

  private now(): Date {
    return new Date(this.clock.now());
  }
}

function recordOf(doc: SessionDocument): SessionRecord {
  return {
    id: String(doc._id),
    userId: doc.userId,
    createdAt: new Date(doc.createdAt),
    lastActiveAt: new Date(doc.lastActiveAt),
    expiresAt: new Date(doc.expiresAt),
    tokenVersion: doc.tokenVersion,
    createdIp: doc.createdIp ?? null,
    createdUserAgent: doc.createdUserAgent ?? null,
    lastIp: doc.lastIp ?? null,
    lastUserAgent: doc.lastUserAgent ?? null,
    device: doc.device,
    amr: [...doc.amr],
    remembered: doc.remembered,
    revokedAt: doc.revokedAt ? new Date(doc.revokedAt) : null,
  };
}

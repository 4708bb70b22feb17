import type { Clock } from '../../lib/clock';
import type { LinkConsumption, LinkPurpose, LinkTokenRecord, LinkTokenStore, NewLinkToken } from '../link-token.store';

/** Same semantics as the MongoDB store; each method checks and writes in one turn of the event loop, so it is atomic. */
export class MemoryLinkTokenStore implements LinkTokenStore {
  private readonly byHash = new Map<string, LinkTokenRecord>();

  constructor(private readonly clock: Clock) {}

  async issue(token: NewLinkToken): Promise<void> {
    for (const [hash, record] of this.byHash) {
      if (record.userId === token.userId && record.purpose === token.purpose) this.byHash.delete(hash);
    }
    this.byHash.set(token.tokenHash, { ...token, createdAt: new Date(this.clock.now()), used: false, expiresAt: new Date(token.expiresAt) });
  }

  async find(tokenHash: string, purpose: LinkPurpose): Promise<LinkConsumption> {
    return this.lookup(tokenHash, purpose);
  }

  async consume(tokenHash: string, purpose: LinkPurpose): Promise<LinkConsumption> {
    // Check and write with no await between them: atomic, as MongoDB's conditional update is.
    const found = this.lookup(tokenHash, purpose);
    if (found.outcome !== 'consumed') return found;
    (this.byHash.get(tokenHash) as LinkTokenRecord).used = true;
    return { outcome: 'consumed', record: { ...found.record, used: true } };
  }

  private lookup(tokenHash: string, purpose: LinkPurpose): LinkConsumption {
    const record = this.byHash.get(tokenHash);
    if (!record || record.purpose !== purpose) return { outcome: 'unknown' };
    if (record.used) return { outcome: 'used' };
    if (record.expiresAt.getTime() <= this.clock.now()) return { outcome: 'expired' };
    return { outcome: 'consumed', record: copy(record) };
  }

  async voidUnused(userId: string, purpose: LinkPurpose): Promise<number> {
    let count = 0;
    for (const [hash, record] of this.byHash) {
      if (record.userId === userId && record.purpose === purpose && !record.used) {
        this.byHash.delete(hash);
        count++;
      }
    }
    return count;
  }
}

const copy = (record: LinkTokenRecord): LinkTokenRecord => ({
  ...record,
  createdAt: new Date(record.createdAt),
  expiresAt: new Date(record.expiresAt),
});

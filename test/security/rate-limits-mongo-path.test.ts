import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import type { Stores } from '../../src/stores/stores';
import { LOGIN } from '../support/operations';
import { postGraphQL, TEST_ENV } from '../support/test-server';
import { expectInstancesShareRefreshLimit } from './support/shared-limits';

type Doc = { key: string; points: number; expire: Date | null };

/**
 * A stand-in for the one MongoDB collection RateLimiterMongo uses, implementing just the calls it makes,
 * so the MongoDB code path runs here where mongod cannot (rate-limits-shared.test.ts uses a real one).
 */
class StandInCollection {
  readonly docs = new Map<string, Doc>();
  failing = false;
  async createIndex(): Promise<string> {
    return 'ok';
  }
  async findOneAndUpdate(where: { key: string }, update: { $inc?: { points: number }; $setOnInsert?: Doc; $set?: Doc }): Promise<Doc> {
    if (this.failing) throw new Error('connection refused');
    let doc = this.docs.get(where.key);
    if (doc?.expire && doc.expire <= new Date()) doc = undefined;
    if (update.$inc) {
      doc ??= { key: where.key, points: 0, expire: update.$setOnInsert?.expire ?? null };
      doc.points += update.$inc.points;
    } else {
      doc = { ...(update.$set as Doc) };
    }
    this.docs.set(where.key, doc);
    return doc;
  }
  async deleteOne(where: { key: string }): Promise<{ deletedCount: number }> {
    return { deletedCount: this.docs.delete(where.key) ? 1 : 0 };
  }
}

function storesWithMongoCounters(collection: StandInCollection): Stores {
  const client = { db: () => ({ collection: () => collection }) };
  return { ...createMemoryStores(new ManualClock()), mongo: { client: client as never, dbName: 'tokengate' } };
}

describe('rate limits on the MongoDB path', () => {
  const config = loadConfig({ ...TEST_ENV, RATE_LIMIT_REFRESH_PER_IP: '2/15m' });

  test('two instances on one database share their counters', async () => {
    const collection = new StandInCollection();
    const stores = storesWithMongoCounters(collection);
    await expectInstancesShareRefreshLimit(config, stores, new ManualClock());
    expect([...collection.docs.keys()]).toEqual([expect.stringMatching(/^refreshPerIp:/)]);
  });

  test('counters that cannot be read fail closed: 503 SERVICE_UNAVAILABLE, never unlimited attempts', async () => {
    const collection = new StandInCollection();
    const server = await startHttpServer({ config, stores: storesWithMongoCounters(collection), clock: new ManualClock(), logger: silentLogger });
    try {
      collection.failing = true;
      const response = await postGraphQL(server.url, LOGIN, { input: { email: 'ada@example.com', password: 'whatever it is' } });
      expect(response.status).toBe(503);
      expect(response.body.errors?.map((error) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(response.body.data).toBeNull();
    } finally {
      await server.stop();
    }
  });
});

import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import type { Stores } from '../../src/stores/stores';
import { errorOf, LOGIN, REGISTER } from '../support/operations';
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
  /** RateLimiterMongo's get: the live document of a key (expired ones are left to the TTL index). */
  async findOne(where: { key: string }): Promise<Doc | null> {
    if (this.failing) throw new Error('connection refused');
    const doc = this.docs.get(where.key);
    return doc && (!doc.expire || doc.expire > new Date()) ? { ...doc } : null;
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

  test('register per email counts only refusals as taken, shared by two instances', async () => {
    const collection = new StandInCollection();
    const stores = storesWithMongoCounters(collection);
    const registerConfig = loadConfig({ ...TEST_ENV, RATE_LIMIT_REGISTER_PER_EMAIL: '2/15m' });
    const first = await startHttpServer({ config: registerConfig, stores, clock: new ManualClock(), logger: silentLogger });
    const second = await startHttpServer({ config: registerConfig, stores, clock: new ManualClock(), logger: silentLogger });
    const register = (url: string, password: string) => postGraphQL<Record<string, any>>(url, REGISTER, { input: { email: 'ada@example.com', password } });
    try {
      // Junk does not count: the owner can still register.
      for (let i = 0; i < 3; i++) expect(errorOf(await register(first.url, 'short')).extensions.field).toBe('password');
      expect((await register(second.url, 'the owner chose this')).body.data?.register).toBeTruthy();
      // Two refusals as taken, one on each instance, then the third is throttled.
      expect(errorOf(await register(first.url, 'someone else trying')).extensions.field).toBe('email');
      expect(errorOf(await register(second.url, 'someone else trying')).extensions.field).toBe('email');
      expect(errorOf(await register(first.url, 'someone else trying')).extensions.code).toBe('TOO_MANY_REQUESTS');
    } finally {
      await first.stop();
      await second.stop();
    }
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

import type { Config } from '../../src/config/config';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';

// The embedded MongoDB and the connection are replaced: this file is about what openStores does with them.
jest.mock('../../src/stores/mongo/embedded-mongo', () => ({ startEmbeddedMongo: jest.fn() }));
jest.mock('../../src/stores/mongo/mongo.stores', () => ({ connectMongoStores: jest.fn() }));

import { startEmbeddedMongo } from '../../src/stores/mongo/embedded-mongo';
import { connectMongoStores } from '../../src/stores/mongo/mongo.stores';
import { openStores } from '../../src/stores/open-stores';

const config = (store: Config['store']): Config => ({ store, mongodbUri: undefined, dataDir: '/tmp/tokengate-open-stores' }) as unknown as Config;

describe('openStores with an embedded MongoDB that starts but cannot be used', () => {
  const stop = jest.fn(async () => undefined);
  beforeEach(() => {
    stop.mockClear();
    jest.mocked(startEmbeddedMongo).mockResolvedValue({ uri: 'mongodb://127.0.0.1:1/tokengate', stop });
    jest.mocked(connectMongoStores).mockRejectedValue(new Error('index build failed'));
  });

  test('STORE=auto stops the mongod it started, then falls back to memory', async () => {
    const stores = await openStores(config('auto'), systemClock, silentLogger);
    expect(stores.kind).toBe('memory');
    expect(stop).toHaveBeenCalledTimes(1);
  });

  test('STORE=mongodb stops the mongod it started, then fails with the cause', async () => {
    await expect(openStores(config('mongodb'), systemClock, silentLogger)).rejects.toThrow('index build failed');
    expect(stop).toHaveBeenCalledTimes(1);
  });
});

import path from 'node:path';
import type { Config } from '../config/config';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import { createMemoryStores } from './memory/memory.stores';
import { type EmbeddedMongo, startEmbeddedMongo } from './mongo/embedded-mongo';
import { connectMongoStores } from './mongo/mongo.stores';
import type { Stores } from './stores';

/**
 * Picks the storage backend: MONGODB_URI when set; otherwise an embedded MongoDB under DATA_DIR;
 * and, with STORE=auto, the in-memory store when no mongod binary can be had.
 */
export async function openStores(config: Config, clock: Clock, logger: Logger): Promise<Stores> {
  if (config.store === 'memory') return createMemoryStores(clock);
  if (config.mongodbUri) return connectMongoStores(config.mongodbUri, clock);

  const dbPath = path.resolve(config.dataDir, 'mongodb');
  logger.info(`no MONGODB_URI: starting an embedded MongoDB with data under ${dbPath} (the first start may download mongod)`);
  let embedded: EmbeddedMongo | undefined;
  try {
    const started = await startEmbeddedMongo(dbPath);
    embedded = started;
    const stores = await connectMongoStores(started.uri, clock);
    return {
      ...stores,
      description: `embedded MongoDB (data under ${dbPath})`,
      close: async () => {
        await stores.close();
        await started.stop();
      },
    };
  } catch (error) {
    // A mongod that started but could not be used would keep running and hold the data directory.
    await embedded?.stop().catch(() => undefined);
    if (config.store === 'mongodb') throw error;
    logger.warn(
      `could not start an embedded MongoDB (${firstLine(error)}); falling back to the IN-MEMORY store: ` +
        'every user and revocation is lost when the process stops. Set MONGODB_URI for durable storage.',
    );
    return createMemoryStores(clock);
  }
}

const firstLine = (error: unknown): string => String(error instanceof Error ? error.message : error).split('\n')[0];

import { mkdir } from 'node:fs/promises';
import { MongoBinary, MongoMemoryServer } from 'mongodb-memory-server';

export interface EmbeddedMongo {
  uri: string;
  stop(): Promise<void>;
}

/**
 * Starts a local mongod through mongodb-memory-server: persistent when dbPath is given, throw-away otherwise.
 * The binary comes from MONGOMS_SYSTEM_BINARY, the download cache, or a download (which fails offline);
 * it is located first so that a machine without one fails fast with one clear error.
 */
export async function startEmbeddedMongo(dbPath?: string): Promise<EmbeddedMongo> {
  await MongoBinary.getPath();
  if (dbPath) await mkdir(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({
    instance: dbPath ? { dbPath, storageEngine: 'wiredTiger' } : {},
  });
  return {
    uri: server.getUri('tokengate'),
    stop: async () => {
      // Keep a persistent data directory; a throw-away one is removed.
      await server.stop({ doCleanup: !dbPath, force: false });
    },
  };
}

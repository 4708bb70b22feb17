import { ManualClock, type Clock } from '../../src/lib/clock';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import { connectMongoStores } from '../../src/stores/mongo/mongo.stores';
import type { Stores } from '../../src/stores/stores';
import { mongoAvailability, uniqueDatabaseUri } from './mongo-availability';

export interface StoreBackend {
  name: 'memory' | 'mongodb';
  /** Why this backend's tests are skipped, or undefined when they run. */
  skipReason: string | undefined;
  open(clock: Clock, label: string): Promise<Stores>;
}

/** Every backend, each saying whether it can start here: tests for one that cannot are skipped with the reason. */
export function storeBackends(): StoreBackend[] {
  const mongo = mongoAvailability();
  return [
    { name: 'memory', skipReason: undefined, open: async (clock) => createMemoryStores(clock) },
    {
      name: 'mongodb',
      skipReason: mongo.available ? undefined : mongo.reason,
      open: (clock, label) => {
        if (!mongo.available) throw new Error(mongo.reason);
        return connectMongoStores(uniqueDatabaseUri(mongo.uri, label), clock);
      },
    },
  ];
}

/** describe() when the backend can start, describe.skip() with the reason in the title when not. */
export function describeBackend(backend: StoreBackend, title: string, body: () => void): void {
  if (backend.skipReason) {
    describe.skip(`${title} [${backend.name}] — skipped: ${backend.skipReason}`, body);
  } else {
    describe(`${title} [${backend.name}]`, body);
  }
}

export { ManualClock };

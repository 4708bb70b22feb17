import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import type { Stores } from '../../src/stores/stores';
import { postGraphQL, TEST_ENV } from './test-server';

export interface Deployment {
  /** e.g. http://localhost:4711/graphql */
  url: string;
  gql(query: string, variables?: Record<string, unknown>, token?: string): ReturnType<typeof postGraphQL<any>>;
  /** The user's running sessionEvents subscriptions on this instance: a test waits for its own to be registered. */
  sessionEventListeners(userId: string): number;
  stop(): Promise<void>;
}

export interface Deployments {
  /** A start of the server over the test's stores and clock, as after a (rolling) restart with this configuration. */
  deploy(env: Record<string, string>): Promise<Deployment>;
  readonly clock: ManualClock;
  readonly stores: Stores;
}

/**
 * Servers started one after another over one store and one clock, for tests of what a restart with another
 * configuration keeps (key rotations). Each test gets new stores; its servers are stopped after it.
 */
export function useDeployments(baseEnv: Record<string, string> = {}): Deployments {
  let clock = new ManualClock();
  let stores: Stores | undefined;
  const running: Array<{ stop(): Promise<void> }> = [];
  beforeEach(() => {
    clock = new ManualClock();
    stores = createMemoryStores(clock);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop()));
    await stores?.close();
  });
  const storesOf = (): Stores => {
    if (!stores) throw new Error('deployments are made inside a test');
    return stores;
  };
  return {
    get clock() {
      return clock;
    },
    get stores() {
      return storesOf();
    },
    async deploy(env) {
      const config = loadConfig({ ...TEST_ENV, ...baseEnv, ...env });
      const server = await startHttpServer({ config, stores: storesOf(), clock, logger: silentLogger });
      running.push(server);
      return {
        url: server.url,
        gql: (query, variables = {}, token) => postGraphQL<any>(server.url, query, variables, { token }),
        sessionEventListeners: (userId) => server.services.sessionEvents.listenerCount(userId),
        stop: async () => {
          running.splice(running.indexOf(server), 1);
          await server.stop();
        },
      };
    },
  };
}

import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import { registerUser } from '../support/operations';
import { postGraphQL, TEST_ENV } from '../support/test-server';
import { liveClient, within } from './support/live-client';

describe('GraphQL over WebSocket: fail closed on store outage', () => {
  let running: RunningServer;
  let down = false;
  beforeAll(async () => {
    const clock = new ManualClock();
    const real = createMemoryStores(clock);
    // While `down`, reading a user fails as an unreachable database would.
    const users = new Proxy(real.users, {
      get: (target, property) => {
        const value = Reflect.get(target, property);
        if (property !== 'findById' || typeof value !== 'function') return value;
        return (...args: unknown[]) => (down ? Promise.reject(new Error('connection refused')) : value.apply(target, args));
      },
    });
    running = await startHttpServer({ config: loadConfig({ ...TEST_ENV }), stores: { ...real, users }, clock, logger: silentLogger });
  });
  afterAll(() => running.stop());

  test('a token that cannot be checked is not let in: close 1013 ("try again later", which graphql-ws retries)', async () => {
    const user = await registerUser({ gql: (query, variables, options) => postGraphQL(running.url, query, variables, options) });
    down = true;
    try {
      const live = liveClient(running.url, { token: user.accessToken });
      expect(await within(live.closed, 3_000, 'close')).toEqual({ code: 1013, reason: 'Service unavailable' });
      await live.dispose();
    } finally {
      down = false;
    }
    const live = liveClient(running.url, { token: user.accessToken });
    await within(live.connected, 3_000, 'ack once the store is back');
    await live.dispose();
  });
});

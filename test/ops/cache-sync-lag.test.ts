import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import type { Stores } from '../../src/stores/stores';
import { LOGOUT, LOGOUT_ALL, ME, registerUser } from '../support/operations';
import { METRICS_TOKEN, scrape, valueOf } from '../support/metrics-scrape';
import { postGraphQL, TEST_ENV } from '../support/test-server';

// Two instances on one store and one clock the test moves; polls run when the test says (a long interval).
describe('tokengate_cache_sync_lag_seconds: from the store stamp of a change made elsewhere to this cache applying it', () => {
  const clock = new ManualClock();
  let stores: Stores;
  let a: RunningServer;
  let b: RunningServer;
  let metricsUrl: string;
  beforeAll(async () => {
    stores = createMemoryStores(clock);
    const config = loadConfig({ ...TEST_ENV, CACHE_SYNC_INTERVAL: '60s', METRICS_TOKEN });
    a = await startHttpServer({ config, stores, clock, logger: silentLogger });
    b = await startHttpServer({ config, stores, clock, logger: silentLogger });
    metricsUrl = new URL('/metrics', a.url).toString();
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await stores?.close();
  });

  const lag = async (feed: string) => {
    const text = await scrape(metricsUrl);
    return { count: valueOf(text, 'tokengate_cache_sync_lag_seconds_count', { feed }), sum: valueOf(text, 'tokengate_cache_sync_lag_seconds_sum', { feed }) };
  };
  const pollBoth = async () => {
    await a.services.cacheSync.pollOnce();
    await b.services.cacheSync.pollOnce();
  };

  test('a logout on A reaches B 0.4 s after its stamps: one sample per revoked token on B, none on A (its own cache heard it at once)', async () => {
    const session = await registerUser({ gql: (query, variables, options) => postGraphQL(a.url, query, variables, options) });
    await pollBoth();
    const before = await lag('tokens');
    expect((await postGraphQL<any>(a.url, LOGOUT, { refreshToken: session.refreshToken }, { token: session.accessToken })).body.data).toEqual({ logout: true });
    clock.advanceSeconds(0.4);
    await pollBoth();
    await pollBoth(); // heard again within the overlap: not measured twice
    const after = await lag('tokens');
    // Three entries on the feed: the access token, the refresh token and the ended session.
    expect(after.count - before.count).toBe(3);
    expect(after.sum - before.sum).toBeCloseTo(1.2, 5);
    expect((await postGraphQL(b.url, ME, {}, { token: session.accessToken })).status).toBe(401);
  });

  test('logoutAll on A (a user change) is measured once on B', async () => {
    const session = await registerUser({ gql: (query, variables, options) => postGraphQL(a.url, query, variables, options) });
    await pollBoth();
    const before = await lag('users');
    clock.advanceSeconds(1); // a change in another millisecond than the registration (the feed's key is id and stamp)
    await postGraphQL(a.url, LOGOUT_ALL, {}, { token: session.accessToken });
    clock.advanceSeconds(0.25);
    await pollBoth();
    await pollBoth();
    const after = await lag('users');
    expect(after.count - before.count).toBe(1);
    expect(after.sum - before.sum).toBeCloseTo(0.25, 5);
  });
});

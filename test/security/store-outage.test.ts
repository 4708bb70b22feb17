import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import type { Stores } from '../../src/stores/stores';
import { CHANGE_PASSWORD, LOGIN, ME, REFRESH, REGISTER, registerUser, uniqueEmail, type Session } from '../support/operations';
import { postGraphQL, TEST_ENV, type TestServer } from '../support/test-server';

/**
 * Memory stores with a switch: while `down`, every store call fails as an unreachable database would;
 * `failing` names one method that fails alone (an outage that starts mid-request).
 */
function switchableStores(clock: ManualClock): Stores & { down: boolean; failing: string | undefined } {
  const real = createMemoryStores(clock);
  const outage = <T extends object>(store: T): T =>
    new Proxy(store, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (stores.down || stores.failing === property) return Promise.reject(new Error('connection refused'));
          return value.apply(target, args);
        };
      },
    });
  const stores = {
    ...real,
    down: false,
    failing: undefined as string | undefined,
    users: outage(real.users),
    revokedTokens: outage(real.revokedTokens),
    isHealthy: async () => !stores.down,
  };
  return stores;
}

describe('fail closed on store outage', () => {
  let stores: ReturnType<typeof switchableStores>;
  let running: RunningServer;
  let server: TestServer;
  let session: Session;

  beforeAll(async () => {
    const clock = new ManualClock();
    const config = loadConfig({ ...TEST_ENV });
    stores = switchableStores(clock);
    running = await startHttpServer({ config, stores, clock, logger: silentLogger });
    server = { url: running.url, config, clock, stores, server: running, gql: (q, v, o) => postGraphQL(running.url, q, v, o), stop: () => running.stop() };
    session = await registerUser(server);
  });
  afterAll(() => running?.stop());
  afterEach(() => {
    stores.down = false;
    stores.failing = undefined;
  });

  const expectUnavailable = (response: Awaited<ReturnType<TestServer['gql']>>) => {
    expect(response.status).toBe(503);
    expect(response.body.errors?.map((error) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(response.body.data ?? null).toBeNull();
    expect(JSON.stringify(response.body)).not.toMatch(/eyJ|connection refused/);
  };

  test('login, register and refresh answer 503 SERVICE_UNAVAILABLE and never a token', async () => {
    stores.down = true;
    expectUnavailable(await server.gql(LOGIN, { input: { email: session.email, password: session.password } }));
    expectUnavailable(await server.gql(REGISTER, { input: { email: uniqueEmail(), password: 'correct horse battery' } }));
    expectUnavailable(await server.gql(REFRESH, { refreshToken: session.refreshToken }));
  });

  test('an authenticated request answers 503 too (the context builder cannot check revocation)', async () => {
    stores.down = true;
    const response = await server.gql(ME, {}, { token: session.accessToken });
    expectUnavailable(response);
  });

  test('the refresh token was not spent during the outage: it still works afterwards', async () => {
    stores.down = true;
    expectUnavailable(await server.gql(REFRESH, { refreshToken: session.refreshToken }));
    stores.down = false;
    const refreshed = await server.gql(REFRESH, { refreshToken: session.refreshToken });
    expect(refreshed.body.data?.refresh.accessToken).toEqual(expect.any(String));
    session = { ...session, accessToken: refreshed.body.data?.refresh.accessToken, refreshToken: refreshed.body.data?.refresh.refreshToken };
  });

  test('a failure mid-operation (after authentication) answers 503, not INTERNAL_SERVER_ERROR', async () => {
    const user = await registerUser(server);
    // Authentication reads the store first; the outage starts as changePassword runs.
    stores.failing = 'changePassword';
    const response = await server.gql(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: 'a brand new password' } }, { token: user.accessToken });
    expectUnavailable(response);
  });

  test('GET /health answers 503 during the outage and 200 after', async () => {
    const health = running.url.replace('/graphql', '/health');
    stores.down = true;
    const down = await fetch(health);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', store: 'memory', storeHealthy: false });
    stores.down = false;
    expect((await fetch(health)).status).toBe(200);
  });
});

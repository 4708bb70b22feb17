import { loadConfig } from '../../src/config/config';
import { configProblemsOf } from '../support/config-problems';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import type { Stores } from '../../src/stores/stores';
import { errorOf, LOGIN, ME, REFRESH, registerUser } from '../support/operations';
import { postGraphQL, startTestServer, TEST_ENV, TEST_SECRET, type TestServer } from '../support/test-server';
import { claimsOf } from './support/jwt-forge';

// SESSION_MAX_LIFETIME: a refresh chain ends that long after the sign-in (auth_time), however often it rotates.
const DAY = 24 * 3600;
const TOKEN_EXPIRED = { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' };

describe('session lifetime', () => {
  describe('with the defaults (refresh tokens 7d, sessions 30d)', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server?.stop());

    const refresh = (refreshToken: string) => server.gql(REFRESH, { refreshToken });

    test('a chain rotated every 6 days ends 30 days after the login: refresh answers TOKEN_EXPIRED', async () => {
      const session = await registerUser(server);
      const authTime = claimsOf(session.refreshToken).auth_time as number;
      let refreshToken = session.refreshToken;
      for (let day = 6; day <= 24; day += 6) {
        server.clock.advanceSeconds(6 * DAY);
        refreshToken = (await refresh(refreshToken)).body.data!.refresh.refreshToken;
      }
      // Rotated on day 24: its exp is capped at the session's end (day 30), not day 31.
      expect(claimsOf(refreshToken).exp).toBe(authTime + 30 * DAY);

      server.clock.advanceSeconds(6 * DAY - 1); // the last second of the session
      const last = (await refresh(refreshToken)).body.data!.refresh;
      expect(claimsOf(last.refreshToken).exp).toBe(authTime + 30 * DAY);
      expect(claimsOf(last.accessToken).exp).toBe(authTime + 30 * DAY); // 1 s left, not 15 min
      expect(last.expiresIn).toBe(1);

      server.clock.advanceSeconds(1);
      const refused = await refresh(last.refreshToken);
      expect(refused.body.data).toBeNull();
      expect(errorOf(refused).extensions).toEqual(TOKEN_EXPIRED);

      // The user signs in again: a new session, with a new 30 days.
      const login = await server.gql(LOGIN, { input: { email: session.email, password: session.password } });
      const fresh = login.body.data!.login;
      expect(claimsOf(fresh.refreshToken).sid).not.toBe(claimsOf(last.refreshToken).sid);
      expect((await refresh(fresh.refreshToken)).body.data?.refresh.accessToken).toEqual(expect.any(String));
    });
  });

  test('tokens issued under a longer SESSION_MAX_LIFETIME end when a shorter one is configured', async () => {
    const clock = new ManualClock();
    const stores: Stores = createMemoryStores(clock);
    const deploy = async (env: Record<string, string>) => {
      const server = await startHttpServer({ config: loadConfig({ ...TEST_ENV, ...env }), stores, clock, logger: silentLogger });
      return { server, gql: (query: string, variables: Record<string, unknown>, token?: string) => postGraphQL<any>(server.url, query, variables, { token }) };
    };
    try {
      const before = await deploy({ SESSION_MAX_LIFETIME: '60d' });
      const session = await registerUser({ gql: (q, v) => before.gql(q, v ?? {}) } as TestServer);
      clock.advanceSeconds(6 * DAY);
      const pair = (await before.gql(REFRESH, { refreshToken: session.refreshToken })).body.data!.refresh;
      await before.server.stop();

      const after = await deploy({ SESSION_MAX_LIFETIME: '10d' });
      try {
        clock.advanceSeconds(4 * DAY); // day 10: the refresh token itself lives until day 13
        expect(claimsOf(pair.refreshToken).exp).toBeGreaterThan(Math.floor(clock.now() / 1000));
        expect(errorOf(await after.gql(REFRESH, { refreshToken: pair.refreshToken })).extensions).toEqual(TOKEN_EXPIRED);
      } finally {
        await after.server.stop();
      }
    } finally {
      await stores.close();
    }
  });

  test('an access token issued near the end of the session expires with it (401 TOKEN_EXPIRED)', async () => {
    const server = await startTestServer({ env: { ACCESS_TOKEN_TTL: '1h', REFRESH_TOKEN_TTL: '2h', SESSION_MAX_LIFETIME: '2h' } });
    try {
      const session = await registerUser(server);
      server.clock.advanceSeconds(5400); // 30 minutes before the session ends
      const late = (await server.gql(REFRESH, { refreshToken: session.refreshToken })).body.data!.refresh;
      const { exp, iat } = claimsOf(late.accessToken) as { exp: number; iat: number };
      expect(exp - iat).toBe(1800);
      expect(late.expiresIn).toBe(1800);
      server.clock.advanceSeconds(1799);
      expect((await server.gql(ME, {}, { token: late.accessToken })).status).toBe(200);
      server.clock.advanceSeconds(1);
      const me = await server.gql(ME, {}, { token: late.accessToken });
      expect(me.status).toBe(401);
      expect(errorOf(me).extensions).toEqual(TOKEN_EXPIRED);
      expect(errorOf(await server.gql(REFRESH, { refreshToken: late.refreshToken })).extensions).toEqual(TOKEN_EXPIRED);
    } finally {
      await server.stop();
    }
  });

  describe('configuration', () => {
    const load = (env: Record<string, string>) => loadConfig({ JWT_SECRET: TEST_SECRET, ...env });
    const problemsOf = (env: Record<string, string>): readonly string[] => configProblemsOf({ JWT_SECRET: TEST_SECRET, ...env });

    test('unset: 30 days, or the refresh-token lifetime when that is longer', () => {
      expect(load({}).jwt.sessionMaxLifetimeSeconds).toBe(30 * DAY);
      expect(load({ REFRESH_TOKEN_TTL: '60d' }).jwt.sessionMaxLifetimeSeconds).toBe(60 * DAY);
      expect(load({ SESSION_MAX_LIFETIME: '7d' }).jwt.sessionMaxLifetimeSeconds).toBe(7 * DAY);
      expect(load({ SESSION_MAX_LIFETIME: '90d' }).jwt.sessionMaxLifetimeSeconds).toBe(90 * DAY);
    });

    test.each([
      [{ SESSION_MAX_LIFETIME: '1d' }, 'SESSION_MAX_LIFETIME must be at least REFRESH_TOKEN_TTL (604800s; got "1d")'],
      [{ REFRESH_TOKEN_TTL: '60d', SESSION_MAX_LIFETIME: '30d' }, 'SESSION_MAX_LIFETIME must be at least REFRESH_TOKEN_TTL (5184000s; got "30d")'],
      [{ SESSION_MAX_LIFETIME: 'forever' }, 'SESSION_MAX_LIFETIME must be a duration up to 365d such as 30d (got "forever")'],
      [{ SESSION_MAX_LIFETIME: '366d' }, 'SESSION_MAX_LIFETIME must be a duration up to 365d such as 30d (got "366d")'],
    ])('%p stops the start with one line', (env, problem) => {
      expect(problemsOf(env)).toEqual([problem]);
    });
  });
});

import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import type { Stores } from '../../src/stores/stores';
import { errorOf, LOGIN, LOGOUT_ALL, ME, REGISTER, SET_USER_ROLES, uniqueEmail, USERS } from '../support/operations';
import { postGraphQL, TEST_ENV } from '../support/test-server';
import { describeBackend, storeBackends } from '../support/test-stores';

// Two instances on one store: a revocation on A reaches B's cache within a bound set by CACHE_SYNC_INTERVAL.
const SYNC_INTERVAL_MS = 100;
/** A poll may start just before the write, so the bound is two intervals plus the round trips. */
const BOUND_MS = 3 * SYNC_INTERVAL_MS + 400;

for (const backend of storeBackends()) {
  describeBackend(backend, 'two instances on one store', () => {
    const clock = new ManualClock();
    let stores: Stores;
    let a: RunningServer;
    let b: RunningServer;
    beforeAll(async () => {
      stores = await backend.open(clock, 'multi');
      const config = loadConfig({ ...TEST_ENV, CACHE_SYNC_INTERVAL: `${SYNC_INTERVAL_MS}ms` });
      a = await startHttpServer({ config, stores, clock, logger: silentLogger });
      b = await startHttpServer({ config, stores, clock, logger: silentLogger });
    });
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await stores?.close();
    });

    async function signIn(url: string, admin = false) {
      const email = uniqueEmail(admin ? 'admin' : 'user');
      const password = 'correct horse battery';
      const registered = (await postGraphQL<any>(url, REGISTER, { input: { email, password } })).body.data!.register;
      if (admin) await stores.users.setRoles(registered.user.id, ['USER', 'ADMIN']);
      const login = (await postGraphQL<any>(url, LOGIN, { input: { email, password } })).body.data!.login;
      return { userId: registered.user.id as string, token: login.accessToken as string };
    }

    /** Polls until the check passes; returns the milliseconds it took, or fails after 10 bounds. */
    async function millisecondsUntil(check: () => Promise<boolean>): Promise<number> {
      const started = performance.now();
      while (performance.now() - started < 10 * BOUND_MS) {
        if (await check()) return performance.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('the change never reached the other instance');
    }

    test('logoutAll on A refuses the warm token on B within the sync bound', async () => {
      const session = await signIn(a.url);
      for (let i = 0; i < 2; i++) expect((await postGraphQL<any>(b.url, ME, {}, { token: session.token })).status).toBe(200);

      expect((await postGraphQL<any>(a.url, LOGOUT_ALL, {}, { token: session.token })).body.data).toEqual({ logoutAll: true });
      const elapsed = await millisecondsUntil(async () => (await postGraphQL(b.url, ME, {}, { token: session.token })).status === 401);
      expect(elapsed).toBeLessThanOrEqual(BOUND_MS);
      const refused = await postGraphQL(b.url, ME, {}, { token: session.token });
      expect(errorOf(refused).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    });

    test('setUserRoles on A makes the demoted admin FORBIDDEN on B within the sync bound', async () => {
      const admin = await signIn(a.url, true);
      const target = await signIn(a.url, true);
      for (let i = 0; i < 2; i++) expect((await postGraphQL<any>(b.url, USERS, {}, { token: target.token })).body.data).toBeTruthy();

      await postGraphQL(a.url, SET_USER_ROLES, { userId: target.userId, roles: ['USER'] }, { token: admin.token });
      const elapsed = await millisecondsUntil(async () => {
        const response = await postGraphQL(b.url, USERS, {}, { token: target.token });
        return response.body.errors?.[0]?.extensions.code === 'FORBIDDEN';
      });
      expect(elapsed).toBeLessThanOrEqual(BOUND_MS);
    });

    test('a token issued on A after logoutAll is accepted on B at once, though B cached the old user', async () => {
      const first = await signIn(a.url);
      await postGraphQL(b.url, ME, {}, { token: first.token });
      await postGraphQL(a.url, LOGOUT_ALL, {}, { token: first.token });
      const again = (await postGraphQL<any>(a.url, ME, {}, { token: first.token })).status;
      expect(again).toBe(401);
      const email = (await stores.users.findById(first.userId))!.email;
      const login = (await postGraphQL<any>(a.url, LOGIN, { input: { email, password: 'correct horse battery' } })).body.data!.login;
      expect((await postGraphQL<any>(b.url, ME, {}, { token: login.accessToken })).body.data?.me.id).toBe(first.userId);
    });
  });
}

import jwt from 'jsonwebtoken';
import { errorOf, LOGOUT, LOGOUT_ALL, ME, REFRESH, registerUser, type Session } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { describeBackend, storeBackends } from '../support/test-stores';

// REFRESH_REUSE_GRACE (10 s by default): a rotated refresh token that comes back within the window
// (two tabs, a retried request) gets the same successor pair; after it, it is reuse and revokes everything.
// "The same pair" means the same claims (jti, sid, iat, exp, …): ES256 and PS256 signatures are randomised,
// so the same pair signed again is a different string; with HMAC it happens to be the same string too.
interface Pair {
  accessToken: string;
  refreshToken: string;
}
const claimsOf = (pair: Pair) => ({ access: jwt.decode(pair.accessToken), refresh: jwt.decode(pair.refreshToken) });

for (const backend of storeBackends()) {
  for (const algorithm of ['HS256', 'ES256']) describeBackend(backend, `refresh reuse grace (${algorithm})`, () => {
    let server: TestServer;
    let session: Session;
    beforeAll(async () => {
      server = await startTestServer({ backend, label: `grace-${algorithm}`, env: { JWT_ALGORITHM: algorithm } });
    });
    afterAll(() => server?.stop());
    beforeEach(async () => {
      session = await registerUser(server);
    });

    const refresh = (refreshToken: string) => server.gql(REFRESH, { refreshToken });
    const pairOf = (response: Awaited<ReturnType<typeof refresh>>): Pair => {
      const pair = response.body.data?.refresh;
      if (!pair) throw new Error(`refresh failed: ${JSON.stringify(response.body.errors)}`);
      return { accessToken: pair.accessToken, refreshToken: pair.refreshToken };
    };
    async function expectSignedIn(token: string, signedIn: boolean) {
      const response = await server.gql(ME, {}, { token });
      if (signedIn) expect(response.body.data?.me.id).toBe(session.userId);
      else expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    }

    test('within the window the rotated token gets the very same pair, and nothing is revoked', async () => {
      const successor = pairOf(await refresh(session.refreshToken));
      server.clock.advanceSeconds(9);
      const replayed = pairOf(await refresh(session.refreshToken));
      expect(claimsOf(replayed)).toEqual(claimsOf(successor));
      await expectSignedIn(successor.accessToken, true);
      await expectSignedIn(session.accessToken, true);
      // The replayed pair is the successor itself: it rotates like any other.
      const next = pairOf(await refresh(replayed.refreshToken));
      await expectSignedIn(next.accessToken, true);
    });

    test('once the window has passed the rotated token is reuse: TOKEN_REVOKED and every session ends', async () => {
      const successor = pairOf(await refresh(session.refreshToken));
      server.clock.advanceSeconds(10);
      const reuse = await refresh(session.refreshToken);
      expect(errorOf(reuse).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      await expectSignedIn(successor.accessToken, false);
      await expectSignedIn(session.accessToken, false);
      expect(errorOf(await refresh(successor.refreshToken)).extensions.reason).toBe('TOKEN_REVOKED');
    });

    test('two concurrent refreshes with one token both succeed with the same pair', async () => {
      const [first, second] = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
      expect(claimsOf(pairOf(first))).toEqual(claimsOf(pairOf(second)));
      await expectSignedIn(pairOf(first).accessToken, true);
      expect(pairOf(await refresh(pairOf(first).refreshToken)).accessToken).toEqual(expect.any(String));
    });

    test('five concurrent refreshes with one token all get one pair', async () => {
      const responses = await Promise.all(Array.from({ length: 5 }, () => refresh(session.refreshToken)));
      const pairs = new Set(responses.map((response) => JSON.stringify(claimsOf(pairOf(response)))));
      expect(pairs.size).toBe(1);
    });

    test('a successor rotated since is not resurrected: TOKEN_REVOKED, and the newest pair keeps working', async () => {
      const successor = pairOf(await refresh(session.refreshToken));
      const newest = pairOf(await refresh(successor.refreshToken));
      server.clock.advanceSeconds(1);
      const replay = await refresh(session.refreshToken);
      expect(errorOf(replay).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      expect(replay.body.data).toBeNull();
      await expectSignedIn(newest.accessToken, true);
    });

    test('a successor logged out since is not resurrected', async () => {
      const successor = pairOf(await refresh(session.refreshToken));
      const logout = await server.gql(LOGOUT, { refreshToken: successor.refreshToken }, { token: successor.accessToken });
      expect(logout.body).toEqual({ data: { logout: true } });
      const replay = await refresh(session.refreshToken);
      expect(errorOf(replay).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    });

    test('after logoutAll within the window the rotated token gets nothing', async () => {
      const successor = pairOf(await refresh(session.refreshToken));
      expect((await server.gql(LOGOUT_ALL, {}, { token: successor.accessToken })).body).toEqual({ data: { logoutAll: true } });
      const replay = await refresh(session.refreshToken);
      expect(errorOf(replay).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    });
  });

  describeBackend(backend, 'refresh reuse grace off (REFRESH_REUSE_GRACE=0)', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ backend, label: 'nograce', env: { REFRESH_REUSE_GRACE: '0' } });
    });
    afterAll(() => server?.stop());

    test('of two concurrent refreshes with one token exactly one wins; the other is reuse and revokes all', async () => {
      const session = await registerUser(server);
      const responses = await Promise.all([
        server.gql(REFRESH, { refreshToken: session.refreshToken }),
        server.gql(REFRESH, { refreshToken: session.refreshToken }),
      ]);
      const winners = responses.filter((response) => response.body.data?.refresh);
      const losers = responses.filter((response) => response.body.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(errorOf(losers[0]).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      const winnerAccess = winners[0].body.data!.refresh.accessToken;
      expect(errorOf(await server.gql(ME, {}, { token: winnerAccess })).extensions.reason).toBe('TOKEN_REVOKED');
    });

    test('a rotated token presented again at once is reuse', async () => {
      const session = await registerUser(server);
      await server.gql(REFRESH, { refreshToken: session.refreshToken });
      const again = await server.gql(REFRESH, { refreshToken: session.refreshToken });
      expect(errorOf(again).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      expect(errorOf(await server.gql(ME, {}, { token: session.accessToken })).extensions.reason).toBe('TOKEN_REVOKED');
    });
  });
}

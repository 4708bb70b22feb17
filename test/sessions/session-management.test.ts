import { CHANGE_PASSWORD, errorOf, LOGOUT, LOGOUT_ALL, ME, REFRESH, registerAdmin, registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import {
  CHROME_WINDOWS, FIREFOX_LINUX, login, mySessions, REVOKE_OTHER_SESSIONS, REVOKE_SESSION, REVOKE_USER_SESSION, sidOf,
  USER_SESSIONS,
} from './support/session-operations';

// Listing and ending sessions over GraphQL, as a user and as an admin. TRUST_PROXY=1: X-Forwarded-For sets the IP.
const DAY_SECONDS = 86_400;
const HOME = { 'user-agent': FIREFOX_LINUX, 'x-forwarded-for': '203.0.113.7' };
const OFFICE = { 'user-agent': CHROME_WINDOWS, 'x-forwarded-for': '198.51.100.20' };

describe('sessions: listing and revoking', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUST_PROXY: '1' } });
  });
  afterAll(() => server?.stop());

  const gql: TestServer['gql'] = (...args) => server.gql(...args);
  const meStatus = async (token: string) => (await gql(ME, {}, { token })).status;

  /** A user signed in on two clients, the office one last. */
  async function twoSessions() {
    const user = await registerUser(server);
    server.clock.advanceSeconds(60);
    const home = await login(gql, user, HOME);
    server.clock.advanceSeconds(60);
    const office = await login(gql, user, OFFICE);
    return { user, home, office };
  }

  test('mySessions lists every live session newest first, with current, client, device, mfa and remembered', async () => {
    const { user, home, office } = await twoSessions();
    const listed = await mySessions(gql, home.accessToken);
    // register, then home, then office: newest first.
    expect(listed.map((s) => s.id)).toEqual([sidOf(office.accessToken), sidOf(home.accessToken), sidOf(user.accessToken)]);
    expect(listed.map((s) => s.current)).toEqual([false, true, false]);
    const [officeView, homeView] = listed;
    expect(homeView).toMatchObject({ ip: '203.0.113.7', userAgent: FIREFOX_LINUX, device: 'Firefox 128 on Linux', mfa: false, remembered: true });
    expect(officeView).toMatchObject({ ip: '198.51.100.20', device: 'Chrome 120 on Windows 10' });
    // Absolute expiry: SESSION_MAX_LIFETIME (30 days) after the sign-in (auth_time, whole seconds).
    const authTime = Math.floor(Date.parse(homeView.createdAt) / 1000);
    expect(Date.parse(homeView.expiresAt)).toBe((authTime + 30 * DAY_SECONDS) * 1000);
    expect(homeView.lastActiveAt).toBe(homeView.createdAt);

    // A refresh from elsewhere moves lastActiveAt, ip and userAgent; createdAt, device and expiresAt stay.
    server.clock.advanceSeconds(3600);
    const refreshed = (await gql(REFRESH, { refreshToken: home.refreshToken }, { headers: OFFICE })).body.data!.refresh;
    const after = (await mySessions(gql, refreshed.accessToken)).find((s) => s.current)!;
    expect(after).toMatchObject({ id: homeView.id, createdAt: homeView.createdAt, expiresAt: homeView.expiresAt, device: homeView.device });
    expect(after).toMatchObject({ ip: '198.51.100.20', userAgent: CHROME_WINDOWS, lastActiveAt: new Date(server.clock.now()).toISOString() });
  });

  test('revokeSession ends one session at once: its access token and refresh token are refused, the others live', async () => {
    const { home, office } = await twoSessions();
    // Warm the cache: the token is served without a store read from now on.
    expect(await meStatus(office.accessToken)).toBe(200);
    expect(await meStatus(office.accessToken)).toBe(200);

    const revoked = await gql(REVOKE_SESSION, { id: sidOf(office.accessToken) }, { token: home.accessToken });
    expect(revoked.body).toEqual({ data: { revokeSession: true } });
    const refused = await gql(ME, {}, { token: office.accessToken });
    expect(refused.status).toBe(401);
    expect(errorOf(refused).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect(errorOf(await gql(REFRESH, { refreshToken: office.refreshToken })).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect((await mySessions(gql, home.accessToken)).map((s) => s.id)).not.toContain(sidOf(office.accessToken));
    expect(await meStatus(home.accessToken)).toBe(200);
    // Already ended: not found any more.
    expect((await gql(REVOKE_SESSION, { id: sidOf(office.accessToken) }, { token: home.accessToken })).body).toEqual({ data: { revokeSession: false } });
  });

  test('revokeSession of another user\'s session or an unknown id answers false and changes nothing', async () => {
    const { home } = await twoSessions();
    const stranger = await registerUser(server);
    const before = await mySessions(gql, stranger.accessToken);
    for (const id of [sidOf(stranger.accessToken), '00000000-0000-4000-8000-000000000000', 'not-a-session']) {
      expect((await gql(REVOKE_SESSION, { id }, { token: home.accessToken })).body).toEqual({ data: { revokeSession: false } });
    }
    expect(await meStatus(stranger.accessToken)).toBe(200);
    expect(await mySessions(gql, stranger.accessToken)).toEqual(before);
    expect((await gql(REFRESH, { refreshToken: stranger.refreshToken })).body.data?.refresh).toBeDefined();
  });

  test('revokeSession and revokeOtherSessions need a signed-in caller', async () => {
    expect(errorOf(await gql(REVOKE_SESSION, { id: 'x' })).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTHENTICATION_REQUIRED' });
    expect(errorOf(await gql(REVOKE_OTHER_SESSIONS)).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTHENTICATION_REQUIRED' });
  });

  test('revokeOtherSessions ends every other session and counts them; the caller\'s goes on', async () => {
    const { user, home, office } = await twoSessions();
    const answer = await gql(REVOKE_OTHER_SESSIONS, {}, { token: home.accessToken });
    expect(answer.body).toEqual({ data: { revokeOtherSessions: 2 } });
    expect(await meStatus(user.accessToken)).toBe(401);
    expect(await meStatus(office.accessToken)).toBe(401);
    expect((await mySessions(gql, home.accessToken)).map((s) => s.id)).toEqual([sidOf(home.accessToken)]);
    expect((await gql(REFRESH, { refreshToken: home.refreshToken })).body.data?.refresh).toBeDefined();
    expect((await gql(REVOKE_OTHER_SESSIONS, {}, { token: home.accessToken })).body).toEqual({ data: { revokeOtherSessions: 0 } });
  });

  test('logout ends the caller\'s session (gone from the list); logoutAll ends all of them', async () => {
    const { user, home, office } = await twoSessions();
    expect((await gql(LOGOUT, {}, { token: office.accessToken })).body).toEqual({ data: { logout: true } });
    // Logged out without its refresh token: the session's refresh token dies with it.
    expect(errorOf(await gql(REFRESH, { refreshToken: office.refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
    expect((await mySessions(gql, home.accessToken)).map((s) => s.id)).toEqual([sidOf(home.accessToken), sidOf(user.accessToken)]);

    expect((await gql(LOGOUT_ALL, {}, { token: home.accessToken })).body).toEqual({ data: { logoutAll: true } });
    const again = await login(gql, user);
    expect((await mySessions(gql, again.accessToken)).map((s) => s.id)).toEqual([sidOf(again.accessToken)]);
  });

  test('changePassword keeps the caller\'s session and ends the others', async () => {
    const { user, home, office } = await twoSessions();
    const changed = await gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: user.password, newPassword: 'a brand new passphrase' } },
      { token: home.accessToken },
    );
    const pair = changed.body.data!.changePassword;
    expect(sidOf(pair.accessToken)).toBe(sidOf(home.accessToken));
    const listed = await mySessions(gql, pair.accessToken);
    expect(listed.map((s) => [s.id, s.current])).toEqual([[sidOf(home.accessToken), true]]);
    expect(await meStatus(office.accessToken)).toBe(401);
    expect(errorOf(await gql(REFRESH, { refreshToken: office.refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
    expect((await gql(REFRESH, { refreshToken: pair.refreshToken })).body.data?.refresh).toBeDefined();
  });

  test('expired sessions disappear from the list', async () => {
    const user = await registerUser(server);
    const brief = await login(gql, { ...user, rememberMe: false });
    expect((await mySessions(gql, user.accessToken)).map((s) => s.id)).toContain(sidOf(brief.accessToken));
    server.clock.advanceSeconds(12 * 3600);
    const fresh = (await gql(REFRESH, { refreshToken: user.refreshToken })).body.data!.refresh;
    expect((await mySessions(gql, fresh.accessToken)).map((s) => s.id)).toEqual([sidOf(user.accessToken)]);
  });

  describe('as an administrator', () => {
    test('userSessions lists a user\'s sessions; revokeUserSession ends one at once', async () => {
      const admin = await registerAdmin(server);
      const { user, office } = await twoSessions();
      const listed = (await gql(USER_SESSIONS, { userId: user.userId }, { token: admin.accessToken })).body.data!.userSessions;
      expect(listed.map((s: { id: string }) => s.id)).toHaveLength(3);
      expect(listed.every((s: { current: boolean }) => !s.current)).toBe(true);

      const ended = await gql(REVOKE_USER_SESSION, { userId: user.userId, sessionId: sidOf(office.accessToken) }, { token: admin.accessToken });
      expect(ended.body).toEqual({ data: { revokeUserSession: true } });
      expect(await meStatus(office.accessToken)).toBe(401);
      expect(await meStatus(user.accessToken)).toBe(200);
    });

    test('a session that is not the named user\'s, or an unknown user, answers false and changes nothing', async () => {
      const admin = await registerAdmin(server);
      const { user } = await twoSessions();
      const other = await registerUser(server);
      const cases = [
        { userId: user.userId, sessionId: sidOf(other.accessToken) },
        { userId: '0123456789abcdef01234567', sessionId: sidOf(user.accessToken) },
        { userId: user.userId, sessionId: 'unknown' },
      ];
      for (const args of cases) {
        expect((await gql(REVOKE_USER_SESSION, args, { token: admin.accessToken })).body).toEqual({ data: { revokeUserSession: false } });
      }
      expect(await meStatus(user.accessToken)).toBe(200);
      expect(await meStatus(other.accessToken)).toBe(200);
      expect((await gql(USER_SESSIONS, { userId: '0123456789abcdef01234567' }, { token: admin.accessToken })).body).toEqual({ data: { userSessions: [] } });
    });

    test('a user without sessions:read / sessions:write is FORBIDDEN', async () => {
      const { user } = await twoSessions();
      const other = await registerUser(server);
      expect(errorOf(await gql(USER_SESSIONS, { userId: other.userId }, { token: user.accessToken })).extensions.code).toBe('FORBIDDEN');
      const attempt = await gql(REVOKE_USER_SESSION, { userId: other.userId, sessionId: sidOf(other.accessToken) }, { token: user.accessToken });
      expect(errorOf(attempt).extensions.code).toBe('FORBIDDEN');
      expect(await meStatus(other.accessToken)).toBe(200);
    });
  });
});

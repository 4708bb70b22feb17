import { keyIdOf } from '../../src/auth/tokens/jwt.backend';
import { CHANGE_PASSWORD, errorOf, LOGIN, ME, REFRESH, registerUser } from '../support/operations';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { claimsOf, forgeJwt } from '../security/support/jwt-forge';

// Every token names its sign-in session: sid (new at login/register) and auth_time (when the user signed in).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEADER = { alg: 'HS256', typ: 'JWT', kid: keyIdOf(TEST_SECRET) };
const sign = (claims: Record<string, unknown>) => forgeJwt(HEADER, claims, { secret: TEST_SECRET });
const without = (claims: Record<string, unknown>, ...names: string[]) =>
  Object.fromEntries(Object.entries(claims).filter(([key]) => !names.includes(key)));

describe('session claims: sid and auth_time', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const refresh = async (refreshToken: string) => {
    const response = await server.gql(REFRESH, { refreshToken });
    const pair = response.body.data?.refresh;
    if (!pair) throw new Error(`refresh failed: ${JSON.stringify(response.body.errors)}`);
    return pair as { accessToken: string; refreshToken: string };
  };
  const sessionOf = (token: string) => {
    const { sid, auth_time } = claimsOf(token);
    return { sid, auth_time };
  };

  test('register starts a session: both tokens carry a random sid and auth_time = iat', async () => {
    const session = await registerUser(server);
    const access = claimsOf(session.accessToken);
    expect(access.sid).toMatch(UUID);
    expect(access.auth_time).toBe(access.iat);
    expect(sessionOf(session.refreshToken)).toEqual(sessionOf(session.accessToken));
  });

  test('rotations, the grace-window replay and changePassword keep the session; a new login starts another', async () => {
    const session = await registerUser(server);
    const started = sessionOf(session.refreshToken);
    server.clock.advanceSeconds(3600);
    const rotated = await refresh(session.refreshToken);
    const replayed = await refresh(session.refreshToken); // within REFRESH_REUSE_GRACE
    server.clock.advanceSeconds(3600);
    const again = await refresh(rotated.refreshToken);
    for (const token of [rotated.accessToken, rotated.refreshToken, replayed.accessToken, again.accessToken, again.refreshToken]) {
      expect(sessionOf(token)).toEqual(started);
    }
    expect(claimsOf(again.accessToken).iat).toBe((started.auth_time as number) + 7200);

    const changed = await server.gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: session.password, newPassword: 'a brand new passphrase' } },
      { token: again.accessToken },
    );
    expect(sessionOf(changed.body.data!.changePassword.refreshToken)).toEqual(started);

    const login = await server.gql(LOGIN, { input: { email: session.email, password: 'a brand new passphrase' } });
    const other = sessionOf(login.body.data!.login.refreshToken);
    expect(other.sid).toMatch(UUID);
    expect(other.sid).not.toBe(started.sid);
    expect(other.auth_time).toBe(claimsOf(login.body.data!.login.refreshToken).iat);
  });

  test('a refresh token issued before sessions were recorded is refused at its next refresh; its access token lives to exp', async () => {
    const session = await registerUser(server);
    // No sid at all (before the claims), and a sid of a session never stored (before the session store).
    const noSid = sign({ ...without(claimsOf(session.refreshToken), 'sid', 'auth_time'), jti: 'legacy-refresh' });
    const unstored = sign({ ...claimsOf(session.refreshToken), sid: '00000000-0000-4000-8000-000000000000', jti: 'unstored-refresh' });
    server.clock.advanceSeconds(60);
    for (const legacy of [noSid, unstored]) {
      const refused = await server.gql(REFRESH, { refreshToken: legacy });
      expect(errorOf(refused).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      expect(errorOf(refused).message).toMatch(/log in again/);
    }
    // The old-style access token still works until its exp, and the user's own session is untouched.
    const legacyAccess = sign({ ...without(claimsOf(session.accessToken), 'sid', 'auth_time'), jti: 'legacy-access' });
    expect((await server.gql(ME, {}, { token: legacyAccess })).body.data?.me.id).toBe(session.userId);
    expect((await server.gql(REFRESH, { refreshToken: session.refreshToken })).body.data?.refresh.accessToken).toBeDefined();
  });

  test.each([
    ['sid without auth_time', (c: Record<string, unknown>) => without(c, 'auth_time')],
    ['auth_time without sid', (c: Record<string, unknown>) => without(c, 'sid')],
    ['an empty sid', (c: Record<string, unknown>) => ({ ...c, sid: '' })],
    ['a numeric sid', (c: Record<string, unknown>) => ({ ...c, sid: 7 })],
    ['an auth_time after iat', (c: Record<string, unknown>) => ({ ...c, auth_time: (c.iat as number) + 1 })],
    ['a string auth_time', (c: Record<string, unknown>) => ({ ...c, auth_time: String(c.auth_time) })],
  ])('a token with %s is TOKEN_INVALID', async (_name, edit) => {
    const session = await registerUser(server);
    const me = await server.gql(ME, {}, { token: sign(edit(claimsOf(session.accessToken))) });
    expect(me.status).toBe(401);
    expect(errorOf(me).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    const refreshed = await server.gql(REFRESH, { refreshToken: sign(edit(claimsOf(session.refreshToken))) });
    expect(errorOf(refreshed).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });
});

import { storeBackends, describeBackend } from '../support/test-stores';
import { startTestServer, type TestServer } from '../support/test-server';
import {
  CHANGE_PASSWORD,
  errorOf,
  LOGIN,
  LOGOUT,
  LOGOUT_ALL,
  ME,
  REFRESH,
  REGISTER,
  registerUser,
  uniqueEmail,
  USERS,
  registerAdmin,
} from '../support/operations';

const CONCURRENCY = 8;

async function login(server: TestServer, email: string, password: string) {
  const response = await server.gql(LOGIN, { input: { email, password } });
  return response.body.data?.login as { accessToken: string; refreshToken: string } | undefined;
}

// Ending sessions, and the races a real client produces.
for (const backend of storeBackends()) {
  describeBackend(backend, 'sessions', () => {
    let server: TestServer;
    beforeAll(async () => {
      // No reuse grace: these tests pin the strict rule (exactly one winner, every later use is reuse).
      server = await startTestServer({ backend, label: 'sessions', env: { REFRESH_REUSE_GRACE: '0s' } });
    });
    afterAll(() => server?.stop());

    test(`${CONCURRENCY} concurrent refreshes with one token: exactly one wins, and the rest count as reuse`, async () => {
      const session = await registerUser(server);
      const responses = await Promise.all(
        Array.from({ length: CONCURRENCY }, () => server.gql(REFRESH, { refreshToken: session.refreshToken })),
      );
      const winners = responses.filter((r) => r.body.data?.refresh);
      const losers = responses.filter((r) => r.body.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(CONCURRENCY - 1);
      for (const loser of losers) expect(errorOf(loser).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      // Reuse revoked the family, the winner's new pair included.
      const winnerAccess = winners[0].body.data?.refresh.accessToken;
      expect((await server.gql(ME, {}, { token: winnerAccess })).status).toBe(401);
    });

    test(`${CONCURRENCY} concurrent registrations of one email: exactly one user`, async () => {
      const email = uniqueEmail('race');
      const responses = await Promise.all(
        Array.from({ length: CONCURRENCY }, (_, i) =>
          server.gql(REGISTER, { input: { email: i % 2 ? email.toUpperCase() : ` ${email} `, password: 'correct horse battery' } }),
        ),
      );
      expect(responses.filter((r) => r.body.data?.register)).toHaveLength(1);
      for (const loser of responses.filter((r) => r.body.errors)) {
        expect(errorOf(loser).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
      }
      const admin = await registerAdmin(server);
      const listed = await server.gql(USERS, { limit: 100 }, { token: admin.accessToken });
      expect(listed.body.data?.users.filter((u: { email: string }) => u.email === email)).toHaveLength(1);
    });

    test('logout revokes this access token and this refresh token, and leaves other sessions alone', async () => {
      const session = await registerUser(server);
      const other = await login(server, session.email, session.password);
      const out = await server.gql(LOGOUT, { refreshToken: session.refreshToken }, { token: session.accessToken });
      expect(out.body).toEqual({ data: { logout: true } });
      expect(errorOf(await server.gql(ME, {}, { token: session.accessToken })).extensions.reason).toBe('TOKEN_REVOKED');
      expect(errorOf(await server.gql(REFRESH, { refreshToken: session.refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
      expect((await server.gql(ME, {}, { token: other!.accessToken })).body.data?.me.email).toBe(session.email);
      expect((await server.gql(REFRESH, { refreshToken: other!.refreshToken })).body.data?.refresh).toBeDefined();
    });

    test('logout without a refresh token still revokes the access token', async () => {
      const session = await registerUser(server);
      expect((await server.gql(LOGOUT, {}, { token: session.accessToken })).body).toEqual({ data: { logout: true } });
      expect((await server.gql(ME, {}, { token: session.accessToken })).status).toBe(401);
    });

    test("logout with someone else's refresh token is BAD_USER_INPUT and revokes nothing", async () => {
      const alice = await registerUser(server);
      const bob = await registerUser(server);
      const response = await server.gql(LOGOUT, { refreshToken: bob.refreshToken }, { token: alice.accessToken });
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
      expect((await server.gql(ME, {}, { token: alice.accessToken })).status).toBe(200);
      expect((await server.gql(REFRESH, { refreshToken: bob.refreshToken })).body.data?.refresh).toBeDefined();
    });

    test('logout needs a signed-in caller', async () => {
      const response = await server.gql(LOGOUT, { refreshToken: 'whatever' });
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTHENTICATION_REQUIRED' });
    });

    test('logoutAll ends every session of the user on the next request, and only theirs', async () => {
      const session = await registerUser(server);
      const second = await login(server, session.email, session.password);
      const bystander = await registerUser(server);
      expect((await server.gql(LOGOUT_ALL, {}, { token: session.accessToken })).body).toEqual({ data: { logoutAll: true } });
      for (const token of [session.accessToken, second!.accessToken]) {
        expect(errorOf(await server.gql(ME, {}, { token })).extensions.reason).toBe('TOKEN_REVOKED');
      }
      for (const refreshToken of [session.refreshToken, second!.refreshToken]) {
        expect(errorOf(await server.gql(REFRESH, { refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
      }
      expect((await server.gql(ME, {}, { token: bystander.accessToken })).status).toBe(200);
      // Logging in again works: logoutAll is not a lockout.
      const again = await login(server, session.email, session.password);
      expect((await server.gql(ME, {}, { token: again!.accessToken })).status).toBe(200);
    });

    test('changePassword returns a working pair, ends every other session, and swaps the password', async () => {
      const session = await registerUser(server);
      const other = await login(server, session.email, session.password);
      const newPassword = 'a brand new passphrase';
      const changed = await server.gql(
        CHANGE_PASSWORD,
        { input: { currentPassword: session.password, newPassword } },
        { token: session.accessToken },
      );
      const pair = changed.body.data?.changePassword;
      expect(pair.user.email).toBe(session.email);
      expect((await server.gql(ME, {}, { token: pair.accessToken })).status).toBe(200);
      expect((await server.gql(REFRESH, { refreshToken: pair.refreshToken })).body.data?.refresh).toBeDefined();
      for (const token of [session.accessToken, other!.accessToken]) {
        expect((await server.gql(ME, {}, { token })).status).toBe(401);
      }
      expect(errorOf(await server.gql(REFRESH, { refreshToken: other!.refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
      expect(await login(server, session.email, session.password)).toBeUndefined();
      expect(await login(server, session.email, newPassword)).toBeDefined();
    });

    test.each<[string, (password: string) => Record<string, string>, string]>([
      ['a wrong current password', () => ({ currentPassword: 'not the password', newPassword: 'a brand new passphrase' }), 'currentPassword'],
      ['a too short new password', (password) => ({ currentPassword: password, newPassword: 'short' }), 'newPassword'],
      ['a new password over 72 bytes', (password) => ({ currentPassword: password, newPassword: 'é'.repeat(37) }), 'newPassword'],
      ['the same password again', (password) => ({ currentPassword: password, newPassword: password }), 'newPassword'],
    ])('changePassword with %s is BAD_USER_INPUT and changes nothing', async (_title, input, field) => {
      const session = await registerUser(server);
      const response = await server.gql(CHANGE_PASSWORD, { input: input(session.password) }, { token: session.accessToken });
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect((await server.gql(ME, {}, { token: session.accessToken })).status).toBe(200);
      expect(await login(server, session.email, session.password)).toBeDefined();
    });
  });
}

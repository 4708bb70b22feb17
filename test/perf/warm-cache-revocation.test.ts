import { startTestServer, type TestServer } from '../support/test-server';
import {
  CHANGE_PASSWORD,
  errorOf,
  LOGIN,
  LOGOUT,
  LOGOUT_ALL,
  ME,
  registerAdmin,
  registerUser,
  SET_USER_ROLES,
  USERS,
  type Session,
} from '../support/operations';

// The authenticator serves repeat requests from memory; every way of revoking must still bite on the very
// next request, with the cache warm.
describe('revocation with a warm authentication cache', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  /** Two successful `me` calls: the second is served from the cache. */
  async function warm(session: Session): Promise<void> {
    for (let i = 0; i < 2; i++) expect((await server.gql(ME, {}, { token: session.accessToken })).body.data?.me.id).toBe(session.userId);
  }

  const expectRevoked = async (token: string) => {
    const response = await server.gql(ME, {}, { token });
    expect(response.status).toBe(401);
    expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
  };

  test('a warm token is served without any store round trip', async () => {
    // Cache sync re-announces a user changed within its look-back window on every poll (and the manual clock
    // keeps a fresh user inside it), which evicts the entry at a random moment: this test is about the cache alone.
    server.server.services.cacheSync.stop();
    const session = await registerUser(server);
    await warm(session);
    const findById = jest.spyOn(server.stores.users, 'findById');
    const find = jest.spyOn(server.stores.revokedTokens, 'find');
    try {
      await warm(session);
      expect(findById).not.toHaveBeenCalled();
      expect(find).not.toHaveBeenCalled();
    } finally {
      findById.mockRestore();
      find.mockRestore();
    }
  });

  test('logout refuses that access token on the next request', async () => {
    const session = await registerUser(server);
    await warm(session);
    await server.gql(LOGOUT, { refreshToken: session.refreshToken }, { token: session.accessToken });
    await expectRevoked(session.accessToken);
  });

  test('logoutAll refuses every warm token of the user on the next request', async () => {
    const session = await registerUser(server);
    const other = await server.gql(LOGIN, { input: { email: session.email, password: session.password } });
    const second = other.body.data!.login.accessToken as string;
    await warm(session);
    await warm({ ...session, accessToken: second });
    expect((await server.gql(LOGOUT_ALL, {}, { token: session.accessToken })).body).toEqual({ data: { logoutAll: true } });
    await expectRevoked(session.accessToken);
    await expectRevoked(second);
  });

  test('changePassword refuses the old warm token and the new one works', async () => {
    const session = await registerUser(server);
    await warm(session);
    const changed = await server.gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: session.password, newPassword: 'another long password' } },
      { token: session.accessToken },
    );
    const fresh = changed.body.data!.changePassword.accessToken as string;
    await expectRevoked(session.accessToken);
    await warm({ ...session, accessToken: fresh });
  });

  test('setUserRoles: a demoted admin with a warm token is FORBIDDEN on the next request', async () => {
    const admin = await registerAdmin(server);
    const target = await registerAdmin(server);
    await warm(target);
    expect((await server.gql(USERS, {}, { token: target.accessToken })).body.data?.users).toBeDefined();

    await server.gql(SET_USER_ROLES, { userId: target.userId, roles: ['USER'] }, { token: admin.accessToken });
    const refused = await server.gql(USERS, {}, { token: target.accessToken });
    expect(errorOf(refused).extensions).toEqual({ code: 'FORBIDDEN' });
    expect((await server.gql(ME, {}, { token: target.accessToken })).body.data?.me.roles).toEqual(['USER']);
  });

  test('a warm token expires at its exp, not at the cache deadline', async () => {
    const session = await registerUser(server);
    await warm(session);
    server.clock.advanceSeconds(server.config.jwt.accessTokenTtlSeconds);
    const response = await server.gql(ME, {}, { token: session.accessToken });
    expect(response.status).toBe(401);
    expect(errorOf(response).extensions.reason).toBe('TOKEN_EXPIRED');
  });
});

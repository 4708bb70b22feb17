import { storeBackends, describeBackend } from '../support/test-stores';
import { startTestServer, type TestServer } from '../support/test-server';
import { errorOf, LOGIN, LOGOUT, ME, REFRESH, REGISTER, uniqueEmail } from '../support/operations';

// The whole life of a session, over HTTP, against every store backend that can start here.
for (const backend of storeBackends()) {
  describeBackend(backend, 'auth flow', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ backend, label: 'flow' });
    });
    afterAll(() => server?.stop());

    test('register → login → me → refresh → reuse revokes every session → logout refuses the token', async () => {
      const email = uniqueEmail();
      const password = 'a good long password';

      const registered = await server.gql(REGISTER, { input: { email: `  ${email.toUpperCase()} `, password, name: ' Ada ' } });
      expect(registered.status).toBe(200);
      const reg = registered.body.data!.register;
      expect(reg).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email, name: 'Ada', roles: ['USER'] } });
      expect(new Date(reg.user.createdAt).toString()).not.toBe('Invalid Date');

      const login = await server.gql(LOGIN, { input: { email: email.toUpperCase(), password } });
      const session = login.body.data!.login;
      expect(session.user.id).toBe(reg.user.id);

      const me = await server.gql(ME, {}, { token: session.accessToken });
      expect(me.body.data!.me).toMatchObject({ id: reg.user.id, email });

      const refreshed = await server.gql(REFRESH, { refreshToken: session.refreshToken });
      const rotated = refreshed.body.data!.refresh;
      expect(rotated.refreshToken).not.toBe(session.refreshToken);
      expect((await server.gql(ME, {}, { token: rotated.accessToken })).body.data!.me.id).toBe(reg.user.id);

      // The spent refresh token comes back after the reuse grace window (10 s): reuse.
      // It is refused and every token of the user dies.
      server.clock.advanceSeconds(server.config.jwt.refreshReuseGraceSeconds + 1); // past the reuse grace window
      const reuse = await server.gql(REFRESH, { refreshToken: session.refreshToken });
      expect(errorOf(reuse).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      for (const token of [rotated.accessToken, session.accessToken, reg.accessToken]) {
        const refused = await server.gql(ME, {}, { token });
        expect(refused.status).toBe(401);
        expect(errorOf(refused).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      }
      const successor = await server.gql(REFRESH, { refreshToken: rotated.refreshToken });
      expect(errorOf(successor).extensions.reason).toBe('TOKEN_REVOKED');

      // A new login works again; logout kills that access token and its refresh token at once.
      const again = (await server.gql(LOGIN, { input: { email, password } })).body.data!.login;
      const logout = await server.gql(LOGOUT, { refreshToken: again.refreshToken }, { token: again.accessToken });
      expect(logout.body).toEqual({ data: { logout: true } });
      const afterLogout = await server.gql(ME, {}, { token: again.accessToken });
      expect(afterLogout.status).toBe(401);
      expect(afterLogout.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expect(errorOf(afterLogout).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      const refreshAfterLogout = await server.gql(REFRESH, { refreshToken: again.refreshToken });
      expect(errorOf(refreshAfterLogout).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    });

    test('an anonymous request reaches public fields; a protected one answers UNAUTHENTICATED', async () => {
      const response = await server.gql(ME);
      expect(response.status).toBe(200);
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTHENTICATION_REQUIRED' });
      expect(errorOf(response).path).toEqual(['me']);
    });

    test('login with an unknown email and with a wrong password give the same error', async () => {
      const email = uniqueEmail();
      await server.gql(REGISTER, { input: { email, password: 'the right password' } });
      const wrongPassword = await server.gql(LOGIN, { input: { email, password: 'the wrong password' } });
      const unknownEmail = await server.gql(LOGIN, { input: { email: uniqueEmail('nobody'), password: 'the right password' } });
      expect(errorOf(wrongPassword)).toEqual(errorOf(unknownEmail));
      expect(errorOf(wrongPassword).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
      expect(wrongPassword.body.data).toBeNull();
    });

    test('no response ever carries the password or its hash', async () => {
      const password = 'a secret nobody sees';
      const email = uniqueEmail();
      const raw = JSON.stringify(await server.gql(REGISTER, { input: { email, password } }));
      expect(raw).not.toContain(password);
      expect(raw).not.toMatch(/\$2[aby]\$/);
      const hashQuery = await server.gql('query { me { passwordHash } }');
      expect(errorOf(hashQuery).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });
}

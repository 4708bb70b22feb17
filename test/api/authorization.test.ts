import { storeBackends, describeBackend } from '../support/test-stores';
import { startTestServer, type TestServer } from '../support/test-server';
import { errorOf, ME, registerAdmin, registerUser, SET_USER_ROLES, USER, USERS, type Session } from '../support/operations';

// Roles are decided from the user as stored now, never from the roles claim of an old token.
for (const backend of storeBackends()) {
  describeBackend(backend, 'authorization', () => {
    let server: TestServer;
    let admin: Session;
    let user: Session;
    beforeAll(async () => {
      server = await startTestServer({ backend, label: 'authz' });
      admin = await registerAdmin(server);
      user = await registerUser(server);
    });
    afterAll(() => server?.stop());

    test.each([
      ['users', USERS, {}],
      ['user', USER, { id: '0123456789abcdef01234567' }],
      ['setUserRoles', SET_USER_ROLES, { userId: '0123456789abcdef01234567', roles: ['ADMIN'] }],
    ])('a USER calling %s gets FORBIDDEN with the field path and no data for it', async (field, query, variables) => {
      const response = await server.gql(query, variables, { token: user.accessToken });
      expect(response.status).toBe(200);
      expect(errorOf(response).extensions).toEqual({ code: 'FORBIDDEN' });
      expect(errorOf(response).path).toEqual([field]);
      expect(response.body.data?.[field] ?? null).toBeNull(); // `user` is nullable: {user: null}; the others null the root
    });

    test.each([
      ['users', USERS, {}],
      ['user', USER, { id: '0123456789abcdef01234567' }],
    ])('an anonymous caller of %s gets UNAUTHENTICATED, not FORBIDDEN', async (_field, query, variables) => {
      const response = await server.gql(query, variables);
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTHENTICATION_REQUIRED' });
    });

    test('an ADMIN lists users, oldest first, with paging', async () => {
      const all = await server.gql(USERS, { limit: 100 }, { token: admin.accessToken });
      const emails = all.body.data?.users.map((u: { email: string }) => u.email);
      expect(emails.indexOf(admin.email)).toBeLessThan(emails.indexOf(user.email));
      const second = await server.gql(USERS, { limit: 1, offset: 1 }, { token: admin.accessToken });
      expect(second.body.data?.users).toEqual([all.body.data?.users[1]]);
    });

    test('an ADMIN looks a user up by id; an unknown or ill-formed id gives null', async () => {
      const found = await server.gql(USER, { id: user.userId }, { token: admin.accessToken });
      expect(found.body.data?.user).toMatchObject({ id: user.userId, email: user.email, roles: ['USER'] });
      for (const id of ['0123456789abcdef01234567', 'not-an-id', user.userId.toUpperCase()]) {
        const missing = await server.gql(USER, { id }, { token: admin.accessToken });
        expect(missing.body).toEqual({ data: { user: null } });
      }
    });

    test('a promotion applies on the next request with the same old token', async () => {
      const promoted = await registerUser(server);
      expect(errorOf(await server.gql(USERS, {}, { token: promoted.accessToken })).extensions.code).toBe('FORBIDDEN');
      const set = await server.gql(SET_USER_ROLES, { userId: promoted.userId, roles: ['USER', 'ADMIN'] }, { token: admin.accessToken });
      expect(set.body.data?.setUserRoles.roles).toEqual(['USER', 'ADMIN']);
      const after = await server.gql(USERS, {}, { token: promoted.accessToken });
      expect(after.body.errors).toBeUndefined();
    });

    test('a demoted admin is refused at once, although their token still says ADMIN', async () => {
      const demoted = await registerAdmin(server);
      const before = await server.gql(USERS, {}, { token: demoted.accessToken });
      expect(before.body.errors).toBeUndefined();
      await server.gql(SET_USER_ROLES, { userId: demoted.userId, roles: ['USER'] }, { token: admin.accessToken });
      const after = await server.gql(USERS, {}, { token: demoted.accessToken });
      expect(errorOf(after).extensions).toEqual({ code: 'FORBIDDEN' });
      // Still signed in: only the role went.
      expect((await server.gql(ME, {}, { token: demoted.accessToken })).body.data?.me.roles).toEqual(['USER']);
    });

    test('roles are stored in one canonical order without duplicates', async () => {
      const target = await registerUser(server);
      const set = await server.gql(SET_USER_ROLES, { userId: target.userId, roles: ['ADMIN', 'USER', 'ADMIN'] }, { token: admin.accessToken });
      expect(set.body.data?.setUserRoles.roles).toEqual(['USER', 'ADMIN']);
    });

    test.each<[string, Record<string, unknown>, string]>([
      ['an unknown role', { roles: ['ROOT'] }, 'roles'],
      ['a lower-case role', { roles: ['admin'] }, 'roles'],
      ['an unknown user', { userId: '0123456789abcdef01234567' }, 'userId'],
      ['an ill-formed user id', { userId: 'nope' }, 'userId'],
    ])('setUserRoles with %s is BAD_USER_INPUT naming the field', async (_title, change, field) => {
      const variables = { userId: user.userId, roles: ['USER'], ...change };
      const response = await server.gql(SET_USER_ROLES, variables, { token: admin.accessToken });
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    });

    test('a partial answer keeps the permitted fields: me answers while users is FORBIDDEN', async () => {
      const response = await server.gql(`query { me { id } users { id } }`, {}, { token: user.accessToken });
      expect(response.body.data).toBeNull(); // users is non-null, so the error propagates to the root
      expect(errorOf(response).path).toEqual(['users']);
    });
  });
}

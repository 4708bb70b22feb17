import { errorOf, registerAdmin, registerUser, SET_USER_ROLES, USERS, type Session } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { describeBackend, storeBackends } from '../support/test-stores';

// Issue 11, item 10: setUserRoles must never leave the service without an ADMIN, and never without a role.
for (const backend of storeBackends()) {
  describeBackend(backend, 'setUserRoles and the last ADMIN', () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer({ backend, label: 'lastadmin' });
    });
    afterEach(() => server?.stop());

    const setRoles = (caller: Session, userId: string, roles: string[]) =>
      server.gql(SET_USER_ROLES, { userId, roles }, { token: caller.accessToken });
    const canAdminister = async (caller: Session) => Boolean((await server.gql(USERS, {}, { token: caller.accessToken })).body.data?.users);

    test('the only ADMIN cannot take ADMIN from itself: BAD_USER_INPUT on "roles", and it stays ADMIN', async () => {
      const admin = await registerAdmin(server);
      const response = await setRoles(admin, admin.userId, ['USER']);
      expect(response.body.data).toBeNull();
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'roles' });
      expect(errorOf(response).message).toMatch(/last ADMIN/);
      expect(await canAdminister(admin)).toBe(true);
    });

    test('roles: [] is refused with BAD_USER_INPUT on "roles"; the user keeps its roles', async () => {
      const admin = await registerAdmin(server);
      const user = await registerUser(server);
      const response = await setRoles(admin, user.userId, []);
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'roles' });
      const again = await setRoles(admin, user.userId, ['USER']);
      expect(again.body.data?.setUserRoles.roles).toEqual(['USER']);
    });

    test('USER is added when missing: roles ["ADMIN"] gives USER and ADMIN', async () => {
      const admin = await registerAdmin(server);
      const user = await registerUser(server);
      expect((await setRoles(admin, user.userId, ['ADMIN'])).body.data?.setUserRoles.roles).toEqual(['USER', 'ADMIN']);
    });

    test('with a second ADMIN, an admin may step down, and the other one is then the last', async () => {
      const [first, second] = [await registerAdmin(server), await registerAdmin(server)];
      expect((await setRoles(first, first.userId, ['USER'])).body.data?.setUserRoles.roles).toEqual(['USER']);
      expect(errorOf(await setRoles(second, second.userId, ['USER'])).extensions.field).toBe('roles');
      expect(await canAdminister(second)).toBe(true);
    });

    // Each passes authorization (the other is still ADMIN when it is checked); a count-then-write lets both through.
    // (Demoting each other is in the store contract suite: over HTTP the second caller would already be FORBIDDEN.)
    test('two admins stepping down at the same moment: one is refused, one ADMIN remains', async () => {
      const [a, b] = [await registerAdmin(server), await registerAdmin(server)];
      const responses = await Promise.all([setRoles(a, a.userId, ['USER']), setRoles(b, b.userId, ['USER'])]);
      const succeeded = responses.filter((response) => response.body.data?.setUserRoles);
      expect(succeeded).toHaveLength(1);
      expect([await canAdminister(a), await canAdminister(b)].filter(Boolean)).toHaveLength(1);
    });
  });
}

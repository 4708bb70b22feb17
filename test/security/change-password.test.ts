import { CHANGE_PASSWORD, errorOf, LOGIN, ME, registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

// changePassword checks the current password: attacks on that check, over HTTP.
describe('changePassword: the current password', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const change = (token: string, currentPassword: string, newPassword = 'a brand new passphrase') =>
    server.gql(CHANGE_PASSWORD, { input: { currentPassword, newPassword } }, { token });
  const login = (email: string, password: string) => server.gql(LOGIN, { input: { email, password } });

  describe("bcrypt's 72-byte limit, as login applies it", () => {
    // 72 bytes: the most bcrypt reads. Anything typed after them would be ignored by bcrypt itself.
    const PASSWORD = `${'k'.repeat(60)}-right-bytes`;

    test('a current password whose first 72 bytes match, with more after them, is wrong', async () => {
      const session = await registerUser(server, { password: PASSWORD });
      for (const tooLong of [`${PASSWORD}-and-more`, `${PASSWORD}€`, `${PASSWORD}x`]) {
        const response = await change(session.accessToken, tooLong);
        expect(response.body.data).toBeNull();
        expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
      }
      // Nothing changed: the session lives and the old password still logs in.
      expect((await server.gql(ME, {}, { token: session.accessToken })).status).toBe(200);
      expect((await login(session.email, PASSWORD)).body.data?.login.user.id).toBe(session.userId);
    });

    test('control: exactly the 72 bytes change the password', async () => {
      const session = await registerUser(server, { password: PASSWORD });
      const response = await change(session.accessToken, PASSWORD);
      expect(response.body.data?.changePassword.user.id).toBe(session.userId);
    });
  });
});

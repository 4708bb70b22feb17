import { ConfigError, loadConfig } from '../../src/config/config';
import { CHANGE_PASSWORD, errorOf, LOGIN, REGISTER, registerUser, uniqueEmail } from '../support/operations';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';

// Password rules over HTTP: the common-password list, bcrypt's 72-byte limit, and NFKC normalisation.
describe('credentials', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const register = (password: string, email = uniqueEmail()) => server.gql(REGISTER, { input: { email, password } });
  const login = (email: string, password: string) => server.gql(LOGIN, { input: { email, password } });

  describe('common passwords', () => {
    test.each([
      'password123',
      'PassWord123',
      'QWERTYUIOP',
      'iloveyou1',
      // Full-width characters: NFKC turns them into "password123" before the list is consulted.
      'ｐａｓｓｗｏｒｄ１２３',
    ])('register refuses %p with BAD_USER_INPUT on "password"', async (password) => {
      const response = await register(password);
      expect(response.body.data).toBeNull();
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
      expect(errorOf(response).message).toMatch(/common/);
    });

    test('changePassword refuses a common new password on "newPassword" and keeps the old one', async () => {
      const session = await registerUser(server);
      const input = { currentPassword: session.password, newPassword: 'Sunshine1' };
      const response = await server.gql(CHANGE_PASSWORD, { input }, { token: session.accessToken });
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'newPassword' });
      expect((await login(session.email, session.password)).body.data?.login.user.id).toBe(session.userId);
    });

    test('a password that only contains a common one is fine', async () => {
      const response = await register('password123 is what I never use');
      expect(response.body.data?.register.user.id).toEqual(expect.any(String));
    });

    test('ADMIN_PASSWORD from the list stops the start with one line', () => {
      let thrown: unknown;
      try {
        loadConfig({ JWT_SECRET: TEST_SECRET, ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'Administrator' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).problems).toEqual([
        'ADMIN_PASSWORD: This password is one of the most common ones; choose another',
      ]);
    });
  });

  describe("bcrypt's 72-byte limit (PASSWORD_HASH=bcrypt)", () => {
    const EURO = '€'; // 3 bytes in UTF-8
    let bcryptServer: TestServer;
    beforeAll(async () => {
      bcryptServer = await startTestServer({ env: { PASSWORD_HASH: 'bcrypt' } });
    });
    afterAll(() => bcryptServer?.stop());
    const register = (password: string, email = uniqueEmail()) => bcryptServer.gql(REGISTER, { input: { email, password } });
    const login = (email: string, password: string) => bcryptServer.gql(LOGIN, { input: { email, password } });
    test.each([
      ['73 ASCII characters', 'x'.repeat(73)],
      ['25 three-byte characters (75 bytes, 25 characters)', EURO.repeat(25)],
      ['70 ASCII characters and one emoji (74 bytes)', `${'y'.repeat(70)}🔑`],
    ])('register refuses %s', async (_name, password) => {
      const response = await register(password);
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
      expect(errorOf(response).message).toMatch(/72 bytes/);
    });

    test('exactly 72 bytes of multi-byte characters is accepted and logs in', async () => {
      const email = uniqueEmail();
      const password = `${EURO}£`.repeat(12) + EURO.repeat(4); // 72 bytes, not one repeated character
      expect((await register(password, email)).body.data?.register).toBeTruthy();
      expect((await login(email, password)).body.data?.login.user.email).toBe(email);
    });

    test('login with the 72 right bytes and more after them fails: bcrypt would have ignored the rest', async () => {
      const email = uniqueEmail();
      const password = `${'z'.repeat(60)}-right-bytes`; // 72 bytes
      await register(password, email);
      const response = await login(email, `${password}-and-more`);
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    });
  });

  describe('Argon2id (the default) takes up to 1024 bytes', () => {
    const EURO = '€';
    test.each([
      ['1025 ASCII characters', `${'xy'.repeat(512)}z`],
      ['342 three-byte characters (1026 bytes, 342 characters)', `${EURO}\u20a4`.repeat(171)],
    ])('register refuses %s', async (_name, password) => {
      const response = await register(password);
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
      expect(errorOf(response).message).toMatch(/1024 bytes/);
    });

    test("a password of 1024 bytes, far past bcrypt's 72, is accepted, and every byte of it counts", async () => {
      const email = uniqueEmail();
      const password = `${'ab'.repeat(500)}-right-bytes-end12345678`; // 1024 bytes
      expect(Buffer.byteLength(password)).toBe(1024);
      expect((await register(password, email)).body.data?.register).toBeTruthy();
      expect((await login(email, password)).body.data?.login.user.email).toBe(email);
      // The same first 72 bytes are not enough: Argon2id reads the whole password.
      const response = await login(email, `${password.slice(0, 1000)}${'z'.repeat(24)}`);
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    });

    test('login with the 1024 right bytes and more after them fails', async () => {
      const email = uniqueEmail();
      const password = `${'cd'.repeat(506)}-right-bytes`; // 1024 bytes
      await register(password, email);
      const response = await login(email, `${password}-and-more`);
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    });
  });

  describe('NFKC normalisation', () => {
    test.each([
      ['decomposed é, typed as composed é', 'cafe\u0301 au lait noir', 'caf\u00e9 au lait noir'],
      ['composed é, typed as decomposed é', 'caf\u00e9 au lait noir', 'cafe\u0301 au lait noir'],
      ['full-width letters, typed as ASCII', 'Ｔｏｋｅｎｇａｔｅ ２０２６ ｋｅｙ', 'Tokengate 2026 key'],
      ['the ﬁ ligature, typed as f and i', 'my ﬁrst real password', 'my first real password'],
    ])('a password registered as %s logs in', async (_name, registeredAs, typedAs) => {
      const email = uniqueEmail();
      expect((await register(registeredAs, email)).body.data?.register).toBeTruthy();
      expect((await login(email, typedAs)).body.data?.login.user.email).toBe(email);
    });

    test('control: a different password in another form does not log in', async () => {
      const email = uniqueEmail();
      await register('caf\u00e9 au lait noir', email);
      const response = await login(email, 'cafe au lait noir');
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    });
  });
});

import { storeBackends, describeBackend } from '../support/test-stores';
import { startTestServer, type TestServer } from '../support/test-server';
import { errorOf, LOGIN, REFRESH, REGISTER, registerAdmin, uniqueEmail, USERS } from '../support/operations';

const GOOD_PASSWORD = 'correct horse battery';

// Bad input answers BAD_USER_INPUT naming the field, and nothing is stored.
for (const backend of storeBackends()) {
  describeBackend(backend, 'input validation', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ backend, label: 'input' });
    });
    afterAll(() => server?.stop());

    test.each<[string, Record<string, unknown>, string]>([
      ['an email without @', { email: 'ada.example.com' }, 'email'],
      ['an email without a dotted domain', { email: 'ada@localhost' }, 'email'],
      ['an email with a space', { email: 'ada lovelace@example.com' }, 'email'],
      ['an empty email', { email: '   ' }, 'email'],
      ['an email over 254 characters', { email: `${'a'.repeat(250)}@example.com` }, 'email'],
      ['a 7-character password', { password: 'abcdefg' }, 'password'],
      ['a password of 73 ASCII bytes', { password: 'a'.repeat(73) }, 'password'],
      ['a password of 37 two-byte characters (74 bytes)', { password: 'ß'.repeat(37) }, 'password'],
      ['a name over 100 characters', { name: 'n'.repeat(101) }, 'name'],
    ])('register with %s is BAD_USER_INPUT on that field', async (_title, change, field) => {
      const input = { email: uniqueEmail(), password: GOOD_PASSWORD, ...change };
      const response = await server.gql(REGISTER, { input });
      expect(response.status).toBe(200);
      expect(response.body.data).toBeNull();
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(errorOf(response).message).not.toMatch(/stack|at \w+ \(/);
      // Nothing was created: the same email registers fine afterwards.
      if (field !== 'email') {
        const retry = await server.gql(REGISTER, { input: { ...input, password: GOOD_PASSWORD, name: null } });
        expect(retry.body.data?.register.user.email).toBe(input.email);
      }
    });

    test('a password of exactly 72 bytes is accepted and logs in', async () => {
      const email = uniqueEmail();
      const password = 'ßü'.repeat(18); // two 2-byte characters: one repeated character is refused
      expect((await server.gql(REGISTER, { input: { email, password } })).body.data?.register).toBeDefined();
      expect((await server.gql(LOGIN, { input: { email, password } })).body.data?.login).toBeDefined();
    });

    test('a taken email, in another case and with spaces, is BAD_USER_INPUT on email', async () => {
      const email = uniqueEmail();
      await server.gql(REGISTER, { input: { email, password: GOOD_PASSWORD } });
      const response = await server.gql(REGISTER, { input: { email: `  ${email.toUpperCase()} `, password: GOOD_PASSWORD } });
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
      expect(errorOf(response).message).toBe('This email is already registered');
    });

    test('the email is stored trimmed and lower-case, and login finds it in any case', async () => {
      const email = uniqueEmail();
      const registered = await server.gql(REGISTER, { input: { email: ` ${email.toUpperCase()}`, password: GOOD_PASSWORD, name: '  Ada  ' } });
      expect(registered.body.data?.register.user).toMatchObject({ email, name: 'Ada', roles: ['USER'] });
      const login = await server.gql(LOGIN, { input: { email: email.toUpperCase(), password: GOOD_PASSWORD } });
      expect(login.body.data?.login.user.email).toBe(email);
    });

    test('login with a malformed email is BAD_USER_INPUT on email (no account can have it, so it reveals nothing)', async () => {
      const response = await server.gql(LOGIN, { input: { email: 'not-an-email', password: GOOD_PASSWORD } });
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
    });

    test('refresh without its argument is BAD_USER_INPUT on refreshToken', async () => {
      for (const variables of [{}, { refreshToken: null }, { refreshToken: '' }]) {
        const response = await server.gql(REFRESH, variables);
        expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
      }
    });

    test.each([
      [{ limit: 0 }, 'limit'],
      [{ limit: 101 }, 'limit'],
      [{ offset: -1 }, 'offset'],
    ])('users(%p) is BAD_USER_INPUT on %s', async (variables, field) => {
      const admin = await registerAdmin(server);
      const response = await server.gql(USERS, variables, { token: admin.accessToken });
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    });

    test('variables of the wrong type are refused before any resolver runs', async () => {
      const response = await server.gql(REGISTER, { input: { email: 42, password: GOOD_PASSWORD } });
      expect(errorOf(response).extensions.code).toBe('BAD_USER_INPUT');
      const missing = await server.gql(REGISTER, { input: { email: uniqueEmail() } });
      expect(errorOf(missing).extensions.code).toBe('BAD_USER_INPUT');
    });

    test.each<[string, string, string]>([
      ['a syntax error', 'mutation { register(', 'GRAPHQL_PARSE_FAILED'],
      ['an unknown field', 'query { secrets }', 'GRAPHQL_VALIDATION_FAILED'],
    ])('%s answers HTTP 400 with %s', async (_title, query, code) => {
      const response = await server.gql(query);
      expect(response.status).toBe(400);
      expect(errorOf(response).extensions.code).toBe(code);
    });

    test('a body that is not JSON answers 400 BAD_REQUEST in the GraphQL error shape', async () => {
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    });

    test('a body over the size limit answers 413', async () => {
      const query = `query { __typename ${' '.repeat(200_000)} }`;
      const response = await server.gql(query);
      expect(response.status).toBe(413);
      expect(errorOf(response).extensions.code).toBe('BAD_REQUEST');
    });
  });
}

import { CHANGE_PASSWORD, errorOf, LOGIN, REGISTER, registerUser, uniqueEmail } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

// Issue 11, item 9: passwords that pass the length rule only on paper, or are no secret at all.
describe('password rules', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const register = (password: string, email = uniqueEmail()) => server.gql(REGISTER, { input: { email, password } });

  test.each([
    // U+FDFA is 1 character as typed and 18 after NFKC: the length is counted as typed.
    ['one character that NFKC expands to 18', '\ufdfa', /at least 8 characters/],
    ['seven characters, two of them ligatures (ﬃ is "ffi" after NFKC)', 'ﬃﬃabcde', /at least 8 characters/],
    ['a lone high surrogate', 'valid text \ud800', /surrogate/],
    ['a lone low surrogate', '\udc00 then valid text', /surrogate/],
    ['control characters only', '\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008', /control characters/],
    ['spaces only (mixed kinds)', ' \u00a0\u2003 \u3000\t  \u2009', /spaces/],
    ['one character repeated', 'zzzzzzzzzzzz', /repeated/],
    ['one character repeated, in two widths (one after NFKC)', 'qqqqｑｑｑｑ', /repeated/],
  ])('register refuses %s with BAD_USER_INPUT on "password"', async (_name, password, message) => {
    const response = await register(password);
    expect(response.body.data).toBeNull();
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(errorOf(response).message).toMatch(message);
  });

  test('two different lone surrogates never become one password (both would hash as U+FFFD)', async () => {
    const email = uniqueEmail();
    expect(errorOf(await register('abcdefgh\ud800', email)).extensions.field).toBe('password');
    const login = await server.gql(LOGIN, { input: { email, password: 'abcdefgh\udbff' } });
    expect(errorOf(login).extensions.reason).toBe('INVALID_CREDENTIALS');
  });

  test.each([
    ['the email itself', (email: string) => email],
    ['the email in upper case', (email: string) => email.toUpperCase()],
    ['the local part', (email: string) => email.split('@')[0]],
  ])('register refuses %s as the password', async (_name, passwordOf) => {
    const email = uniqueEmail('grace.hopper');
    const response = await register(passwordOf(email), email);
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(errorOf(response).message).toMatch(/email/);
  });

  test('changePassword refuses the account\'s own local part on "newPassword" and keeps the old password', async () => {
    const session = await registerUser(server, { email: uniqueEmail('margaret.hamilton') });
    const input = { currentPassword: session.password, newPassword: session.email.split('@')[0] };
    const response = await server.gql(CHANGE_PASSWORD, { input }, { token: session.accessToken });
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect(errorOf(response).message).toMatch(/email/);
    const login = await server.gql(LOGIN, { input: { email: session.email, password: session.password } });
    expect(login.body.data?.login.user.id).toBe(session.userId);
  });

  test.each([
    ['eight characters with a space inside', 'tea cups'],
    ['two characters alternating', 'abababab'],
    ['eight emoji (4 bytes each)', '🦆🦉🦅🦜🐧🐦🐤🐓'],
    ['a password that contains the local part and more', 'ada-lovelace rides a bicycle'],
  ])('still accepted: %s', async (_name, password) => {
    expect((await register(password, uniqueEmail('ada-lovelace'))).body.data?.register).toBeTruthy();
  });
});

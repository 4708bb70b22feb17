import { CHANGE_PASSWORD, errorOf, LOGIN, ME, registerUser, type Session } from '../support/operations';
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

// RATE_LIMIT_CHANGE_PASSWORD_PER_SESSION counts wrong current passwords per session; the per-user limit caps them.
describe('changePassword: the wrong-password budget', () => {
  const PER_SESSION = 3;
  const PER_USER = 5;
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        RATE_LIMIT_CHANGE_PASSWORD_PER_SESSION: `${PER_SESSION}/15m`,
        RATE_LIMIT_CHANGE_PASSWORD_PER_USER: `${PER_USER}/15m`,
      },
    });
  });
  afterAll(() => server?.stop());

  const change = (token: string, currentPassword: string, newPassword = 'a brand new passphrase') =>
    server.gql(CHANGE_PASSWORD, { input: { currentPassword, newPassword } }, { token });
  /** Another session of the same user: a second login (another device, or whoever stole that session). */
  async function secondSession(owner: Session): Promise<string> {
    const response = await server.gql(LOGIN, { input: { email: owner.email, password: owner.password } });
    return response.body.data!.login.accessToken as string;
  }
  /** Wrong guesses until the session is refused; returns how many were checked (answered currentPassword). */
  async function burn(token: string, limit = 10): Promise<number> {
    for (let checked = 0; checked < limit; checked++) {
      const response = await change(token, `wrong guess number ${checked}`);
      if (errorOf(response).extensions.code === 'TOO_MANY_REQUESTS') return checked;
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    }
    throw new Error(`never refused after ${limit} wrong guesses`);
  }

  test('another session of the same user burning wrong guesses does not stop the owner changing the password', async () => {
    const owner = await registerUser(server);
    const other = await secondSession(owner);
    expect(await burn(other)).toBe(PER_SESSION);
    // The burnt session stays refused, even with the right password: its answer tells nothing.
    const refused = await change(other, owner.password);
    expect(refused.status).toBe(429);
    expect(errorOf(refused).extensions).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfter: expect.any(Number) });

    const changed = await change(owner.accessToken, owner.password);
    expect(changed.body.data?.changePassword.user.id).toBe(owner.userId);
  });

  test('only wrong current passwords count: successful changes and other refusals spend nothing', async () => {
    const owner = await registerUser(server);
    let token = owner.accessToken;
    let password = owner.password;
    for (let i = 0; i < PER_USER + 2; i++) {
      // A refused new password (too short) with the right current one: not a guess.
      expect(errorOf(await change(token, password, 'short')).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'newPassword' });
      const next = `the new passphrase number ${i}`;
      const changed = await change(token, password, next);
      // changePassword revokes the calling token and answers with a fresh pair in the same session.
      token = changed.body.data!.changePassword.accessToken;
      password = next;
    }
    expect(await burn(token)).toBe(PER_SESSION);
  });

  test('the per-user limit caps wrong guesses across sessions, then refuses every session', async () => {
    const owner = await registerUser(server);
    const [second, third] = [await secondSession(owner), await secondSession(owner)];
    expect(await burn(second)).toBe(PER_SESSION);
    expect(await burn(third)).toBe(PER_USER - PER_SESSION);
    expect(errorOf(await change(owner.accessToken, owner.password)).extensions.code).toBe('TOO_MANY_REQUESTS');
  });

  test('concurrent guesses from one session get no more checks than the budget', async () => {
    const owner = await registerUser(server);
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => change(owner.accessToken, `wrong guess ${i}`)));
    const codes = responses.map((response) => errorOf(response).extensions.code);
    expect(codes.filter((code) => code === 'BAD_USER_INPUT')).toHaveLength(PER_SESSION);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(10 - PER_SESSION);
  });
});

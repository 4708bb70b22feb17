import { errorOf, LOGIN, REGISTER, uniqueEmail } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

// Issue 11, item 4: junk `register` calls for an address must not stop its owner from registering it. Per
// email, only refusals because the address is taken count (RATE_LIMIT_REGISTER_PER_EMAIL, 5/1h by default).

let ipCounter = 0;
const freshIp = (): Record<string, string> => ({ 'x-forwarded-for': `198.51.100.${++ipCounter}` });

describe('lockout abuse: register', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { TRUST_PROXY: '1', RATE_LIMIT_REGISTER_PER_EMAIL: '5/1h', RATE_LIMIT_REGISTER_PER_IP: '10/1h' },
    });
  });
  afterAll(() => server?.stop());

  const register = (input: Record<string, unknown>, headers = freshIp()) => server.gql(REGISTER, { input }, { headers });

  test("a stranger's junk registrations of a free address (from many IPs) do not block its owner", async () => {
    const email = uniqueEmail('owner');
    const junk = [
      { email, password: 'short' },
      { email, password: 'password123' },
      { email: ` ${email.toUpperCase()} `, password: 'x' },
      { email, password: 'correct horse battery', name: 'n'.repeat(500) },
      { email, password: '' },
      { email, password: 'qwertyuiop' },
      { email, password: 'é'.repeat(40) },
    ];
    for (const input of junk) {
      const response = await register(input);
      expect(errorOf(response).extensions.code).toBe('BAD_USER_INPUT');
      expect(errorOf(response).extensions.field).not.toBe('email');
    }

    const owner = await register({ email, password: 'the owner chose this one' });
    expect(owner.body.data?.register.user.email).toBe(email);
    const login = await server.gql(LOGIN, { input: { email, password: 'the owner chose this one' } }, { headers: freshIp() });
    expect(login.body.data?.login.user.email).toBe(email);
  });

  test('an address that is taken: after 5 refusals as taken, further registrations of it are throttled, login is not', async () => {
    const email = uniqueEmail('taken');
    expect((await register({ email, password: 'the first owner here' })).body.data?.register).toBeTruthy();
    for (let i = 0; i < 5; i++) {
      expect(errorOf(await register({ email, password: 'someone else trying' })).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
    }
    const throttled = await register({ email: email.toUpperCase(), password: 'someone else trying' });
    expect(errorOf(throttled).extensions.code).toBe('TOO_MANY_REQUESTS');
    expect(throttled.status).toBe(429);
    const login = await server.gql(LOGIN, { input: { email, password: 'the first owner here' } }, { headers: freshIp() });
    expect(login.body.data?.login.user.email).toBe(email);
  });

  test('the per-IP register limit still counts every attempt, junk included', async () => {
    const headers = freshIp();
    for (let i = 0; i < 10; i++) {
      expect(errorOf(await register({ email: uniqueEmail('junk'), password: 'x' }, headers)).extensions.field).toBe('password');
    }
    expect(errorOf(await register({ email: uniqueEmail('junk'), password: 'a fine password here' }, headers)).extensions.code).toBe('TOO_MANY_REQUESTS');
  });
});

import { startTestServer, type TestServer } from '../support/test-server';
import { CHANGE_PASSWORD, errorOf, LOGIN, REFRESH, REGISTER, registerUser, uniqueEmail } from '../support/operations';

// Small limits, so the tests reach them without waiting; TRUST_PROXY=1 lets a test pick its client IP.
const LIMITS = {
  TRUST_PROXY: '1',
  RATE_LIMIT_LOGIN_PER_IP: '6/15m',
  RATE_LIMIT_LOGIN_PER_EMAIL: '3/15m',
  RATE_LIMIT_REGISTER_PER_IP: '50/15m',
  RATE_LIMIT_REGISTER_PER_EMAIL: '2/15m',
  RATE_LIMIT_REFRESH_PER_IP: '3/15m',
  RATE_LIMIT_CHANGE_PASSWORD_PER_USER: '2/15m',
  GRAPHQL_MAX_ALIASES: '2000',
  GRAPHQL_MAX_FIELDS: '20000',
  GRAPHQL_MAX_TOKENS: '100000',
};

let ipCounter = 0;
/** A fresh client IP per test, so counters never leak between tests. */
const freshIp = (): Record<string, string> => ({ 'x-forwarded-for': `203.0.113.${++ipCounter}` });

describe('rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: LIMITS });
  });
  afterAll(() => server?.stop());

  const login = (email: string, password: string, headers: Record<string, string>) =>
    server.gql(LOGIN, { input: { email, password } }, { headers });

  test('login per IP: the attempt past the limit answers 429 with Retry-After and TOO_MANY_REQUESTS', async () => {
    const headers = freshIp();
    for (let i = 0; i < 6; i++) {
      const attempt = await login(uniqueEmail('guess'), 'wrong password!', headers);
      expect(errorOf(attempt).extensions.reason).toBe('INVALID_CREDENTIALS');
    }
    const refused = await login(uniqueEmail('guess'), 'wrong password!', headers);
    expect(refused.status).toBe(429);
    expect(errorOf(refused).extensions).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfter: expect.any(Number) });
    const retryAfter = errorOf(refused).extensions.retryAfter;
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 900).toBe(true);
    expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
    expect(refused.body.data).toBeNull();

    // Another client is not affected.
    const other = await login(uniqueEmail('guess'), 'wrong password!', freshIp());
    expect(errorOf(other).extensions.reason).toBe('INVALID_CREDENTIALS');
  });

  test('login per email: guesses from many IPs at one account are stopped, even the right password', async () => {
    const victim = await registerUser(server, { email: uniqueEmail('victim') });
    for (let i = 0; i < 3; i++) {
      expect(errorOf(await login(victim.email, 'wrong password!', freshIp())).extensions.reason).toBe('INVALID_CREDENTIALS');
    }
    const refused = await login(victim.email.toUpperCase(), victim.password, freshIp());
    expect(errorOf(refused).extensions.code).toBe('TOO_MANY_REQUESTS');
    // Another account from the same place is unaffected.
    const other = await registerUser(server);
    expect((await login(other.email, other.password, freshIp())).body.data?.login.user.email).toBe(other.email);
  });

  test('a successful login clears its email counter but never the IP counter', async () => {
    const headers = freshIp();
    const user = await registerUser(server);
    // 2 typos and a success, twice over: 6 attempts on the email limit of 3, all fine (success resets it)...
    for (let round = 0; round < 2; round++) {
      await login(user.email, 'a typo password', headers);
      await login(user.email, 'a typo password', headers);
      expect((await login(user.email, user.password, headers)).body.data?.login).toBeTruthy();
    }
    // ...but those 6 attempts used up the IP's 6: the attacker's own successful logins do not reset it.
    const refused = await login(user.email, user.password, headers);
    expect(errorOf(refused).extensions.code).toBe('TOO_MANY_REQUESTS');
  });

  test('IPv6 clients are counted by their /64: stepping through one subscriber\'s addresses does not help', async () => {
    const prefix = `2001:db8:${(++ipCounter).toString(16)}:1`;
    for (let i = 1; i <= 6; i++) {
      const attempt = await login(uniqueEmail('guess'), 'wrong password!', { 'x-forwarded-for': `${prefix}::${i.toString(16)}` });
      expect(errorOf(attempt).extensions.reason).toBe('INVALID_CREDENTIALS');
    }
    const sameSubnet = await login(uniqueEmail('guess'), 'wrong password!', { 'x-forwarded-for': `${prefix}:ffff:1:2:3` });
    expect(errorOf(sameSubnet).extensions.code).toBe('TOO_MANY_REQUESTS');
    const otherSubnet = await login(uniqueEmail('guess'), 'wrong password!', { 'x-forwarded-for': `${prefix.slice(0, -1)}2::1` });
    expect(errorOf(otherSubnet).extensions.reason).toBe('INVALID_CREDENTIALS');
  });

  test('1,000 aliased logins in one document spend an attempt each: the 7th is refused and nothing more runs', async () => {
    const user = await registerUser(server);
    const headers = freshIp();
    const fields = Array.from({ length: 1000 }, (_, i) => `a${i}: login(input: $input) { accessToken }`).join('\n');
    // The right password, so each alias succeeds until the per-IP limit (6) stops the document.
    const response = await server.gql(`mutation($input: LoginInput!) { ${fields} }`, { input: { email: user.email, password: user.password } }, { headers });
    expect(response.body.errors).toHaveLength(1);
    expect(errorOf(response).path).toEqual(['a6']);
    expect(errorOf(response).extensions.code).toBe('TOO_MANY_REQUESTS');
    // A mutation field is non-null: its error empties data, so the whole request was refused.
    expect(response.body.data).toBeNull();
    expect(response.status).toBe(429);
    // The attempts were spent: the next request from that IP is refused too.
    expect(errorOf(await login(user.email, user.password, headers)).extensions.code).toBe('TOO_MANY_REQUESTS');
  });

  test('register per email: a taken email cannot be hammered, whatever the IP', async () => {
    const email = uniqueEmail('hammer');
    const first = await server.gql(REGISTER, { input: { email, password: 'correct horse battery' } }, { headers: freshIp() });
    expect(first.body.data?.register.user.email).toBe(email);
    // Only refusals because the address is taken count per email (test/security/lockout-register.test.ts).
    for (let i = 0; i < 2; i++) {
      const taken = await server.gql(REGISTER, { input: { email, password: 'correct horse battery' } }, { headers: freshIp() });
      expect(errorOf(taken).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
    }
    const refused = await server.gql(REGISTER, { input: { email, password: 'correct horse battery' } }, { headers: freshIp() });
    expect(errorOf(refused).extensions.code).toBe('TOO_MANY_REQUESTS');
  });

  test('refresh per IP: garbage tokens count too, then TOO_MANY_REQUESTS', async () => {
    const headers = freshIp();
    for (let i = 0; i < 3; i++) {
      expect(errorOf(await server.gql(REFRESH, { refreshToken: 'not-a-token' }, { headers })).extensions.reason).toBe('TOKEN_MALFORMED');
    }
    const refused = await server.gql(REFRESH, { refreshToken: 'not-a-token' }, { headers });
    expect(refused.status).toBe(429);
    expect(errorOf(refused).extensions.code).toBe('TOO_MANY_REQUESTS');
  });

  test('changePassword per user: guessing the current password is stopped, from any IP', async () => {
    const user = await registerUser(server);
    const change = (currentPassword: string) =>
      server.gql(CHANGE_PASSWORD, { input: { currentPassword, newPassword: 'a brand new password' } }, { token: user.accessToken, headers: freshIp() });
    expect(errorOf(await change('guess number one')).extensions.field).toBe('currentPassword');
    expect(errorOf(await change('guess number two')).extensions.field).toBe('currentPassword');
    const refused = await change(user.password);
    expect(errorOf(refused).extensions.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.status).toBe(429);
  });
});

describe('rate limit windows', () => {
  test('the counter starts again once the window has passed', async () => {
    const server = await startTestServer({ env: { RATE_LIMIT_REFRESH_PER_IP: '1/1s' } });
    try {
      expect(errorOf(await server.gql(REFRESH, { refreshToken: 'x' })).extensions.reason).toBe('TOKEN_MALFORMED');
      expect(errorOf(await server.gql(REFRESH, { refreshToken: 'x' })).extensions).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfter: 1 });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(errorOf(await server.gql(REFRESH, { refreshToken: 'x' })).extensions.reason).toBe('TOKEN_MALFORMED');
    } finally {
      await server.stop();
    }
  });

  test('off turns a limit off', async () => {
    const server = await startTestServer({ env: { RATE_LIMIT_REFRESH_PER_IP: 'off' } });
    try {
      for (let i = 0; i < 70; i++) {
        expect(errorOf(await server.gql(REFRESH, { refreshToken: 'x' })).extensions.code).toBe('UNAUTHENTICATED');
      }
    } finally {
      await server.stop();
    }
  });
});

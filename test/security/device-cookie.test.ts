import { CHANGE_PASSWORD, errorOf, uniqueEmail } from '../support/operations';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/test-server';
import { cookieHeader, requireSetCookie, setCookieNamed } from './support/set-cookie';
import { freshIps, LOCKOUT_LIMITS } from './support/lockout';

// Issue 11, item 4 in browser mode: the device token travels as an HttpOnly cookie, and a victim whose
// browser holds it logs in while a stranger's wrong passwords keep the email throttled. Over real HTTP.

const DEVICE = '__Host-tokengate_device';
const DEVELOPMENT_DEVICE = 'tokengate_device';
const REFRESH = '__Host-tokengate_refresh';
const FIELDS = 'accessToken refreshToken deviceToken user { id email }';
const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { ${FIELDS} } }`;
const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { ${FIELDS} } }`;
const CHANGE = CHANGE_PASSWORD.replace('tokenType', 'tokenType deviceToken');
const PASSWORD = 'correct horse battery';

const LIMITS = { ...LOCKOUT_LIMITS, DEVICE_TOKEN_TTL: '30d' };
const freshIp = freshIps('10.9');

const throttled = (response: GraphQLResponse) => errorOf(response).extensions.code === 'TOO_MANY_REQUESTS';

/** What one server needs for these tests: logins from fresh IPs, with cookies, and a stranger's guesses. */
function client(server: () => TestServer) {
  const login = (input: Record<string, unknown>, cookies: Array<[string, string]> = []) =>
    server().gql(LOGIN, { input }, { headers: { ...freshIp(), ...(cookies.length ? cookieHeader(...cookies) : {}) } });
  /** Twelve wrong passwords for the email from a stranger (no cookie), in other spellings of the address. */
  async function attack(email: string): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login({ email: i % 2 ? ` ${email.toUpperCase()} ` : email, password: `guess ${i}` })).status);
    return statuses;
  }
  /** A fresh account registered through browser mode, with the device cookie it was given. */
  async function victim(name: string = DEVICE) {
    const email = uniqueEmail('victim');
    const response = await server().gql(REGISTER, { input: { email, password: PASSWORD } }, { headers: freshIp() });
    const refresh = setCookieNamed(response, REFRESH)?.value;
    return { email, device: requireSetCookie(response, name).value, accessToken: response.body.data?.register.accessToken as string, refresh: refresh as string };
  }
  return { login, attack, victim };
}

describe('device cookie (REFRESH_TOKEN_COOKIE=true)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { ...LIMITS, REFRESH_TOKEN_COOKIE: 'true' } });
  });
  afterAll(() => server?.stop());
  const { login, attack, victim } = client(() => server);

  test('register, login and changePassword set __Host-tokengate_device (HttpOnly; Secure; SameSite=Strict; Path=/; no Domain) and answer deviceToken null', async () => {
    const email = uniqueEmail();
    const registered = await server.gql(REGISTER, { input: { email, password: PASSWORD } });
    const loggedIn = await login({ email, password: PASSWORD });
    const changed = await server.gql(
      CHANGE,
      { input: { currentPassword: PASSWORD, newPassword: 'a much better passphrase' } },
      { token: loggedIn.body.data?.login.accessToken },
    );
    const payloads = [registered.body.data?.register, loggedIn.body.data?.login, changed.body.data?.changePassword];
    const values = new Set<string>();
    for (const [index, response] of [registered, loggedIn, changed].entries()) {
      expect(payloads[index]).toEqual(expect.objectContaining({ deviceToken: null, refreshToken: null }));
      const cookie = requireSetCookie(response, DEVICE);
      expect(cookie.value.split('.')).toHaveLength(3);
      expect(cookie.attributes).toEqual(expect.arrayContaining(['Max-Age=2592000', 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']));
      expect(cookie.attributes.filter((attribute) => /^(Domain|Path)=/i.test(attribute))).toEqual(['Path=/']);
      values.add(cookie.value);
    }
    expect(values.size).toBe(3); // each completed login overwrites it with a new one
  });

  test('refresh, logout and a refused refresh never touch it', async () => {
    const { device, accessToken, refresh } = await victim();
    const refreshed = await server.gql('mutation { refresh { accessToken deviceToken } }', {}, { headers: cookieHeader([REFRESH, refresh], [DEVICE, device]) });
    expect(refreshed.body.data?.refresh.deviceToken).toBeNull();
    expect(setCookieNamed(refreshed, DEVICE)).toBeUndefined();
    const refused = await server.gql('mutation { refresh { accessToken } }', {}, { headers: cookieHeader([REFRESH, 'not-a-token'], [DEVICE, device]) });
    expect(errorOf(refused).extensions.code).toBe('UNAUTHENTICATED');
    expect(setCookieNamed(refused, DEVICE)).toBeUndefined();
    const logout = await server.gql('mutation { logout }', {}, { token: accessToken, headers: cookieHeader([DEVICE, device]) });
    expect(logout.body.data?.logout).toBe(true);
    expect(setCookieNamed(logout, DEVICE)).toBeUndefined();
  });

  test("after a stranger's wrong passwords the email is throttled, but the victim's browser holding the cookie logs in", async () => {
    const { email, device } = await victim();
    expect(await attack(email)).toEqual([...Array(10).fill(200), 429, 429]);
    expect(throttled(await login({ email, password: PASSWORD }))).toBe(true);

    const withCookie = await login({ email, password: PASSWORD }, [[DEVICE, device]]);
    expect(withCookie.body.data?.login.user.email).toBe(email);
    expect(withCookie.body.data?.login.deviceToken).toBeNull();
    // The renewed cookie works as well, and the stranger is still throttled.
    expect((await login({ email, password: PASSWORD }, [[DEVICE, requireSetCookie(withCookie, DEVICE).value]])).body.data?.login).toBeTruthy();
    expect(throttled(await login({ email, password: 'one more guess' }))).toBe(true);
  });

  test('a stale or foreign argument does not hide a good cookie', async () => {
    const { email, device } = await victim();
    const other = await victim();
    await attack(email);
    for (const deviceToken of ['stale', other.device]) {
      const response = await login({ email, password: PASSWORD, deviceToken }, [[DEVICE, device]]);
      expect(response.body.data?.login.user.email).toBe(email);
    }
  });

  test("two device cookies count as none (no error, the email's limit applies); a foreign or garbage one is ignored", async () => {
    const { email, device } = await victim();
    const attacker = await victim();
    await attack(email);
    for (const cookies of [
      [[DEVICE, device], [DEVICE, device]],
      [[DEVICE, attacker.device], [DEVICE, device]],
      [[DEVICE, attacker.device]],
      [[DEVICE, 'garbage']],
    ] as Array<Array<[string, string]>>) {
      expect(throttled(await login({ email, password: PASSWORD }, cookies))).toBe(true);
    }
  });

  test('the cookie has a budget of its own: a stolen one buys a thief 8 guesses, then 429', async () => {
    const { email, device } = await victim();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await login({ email, password: `guess ${i}` }, [[DEVICE, device]])).status);
    expect(statuses).toEqual([...Array(8).fill(200), 429]);
  });
});

describe('device cookie in development', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { ...LIMITS, REFRESH_TOKEN_COOKIE: 'true', NODE_ENV: 'development' } });
  });
  afterAll(() => server?.stop());
  const { login, attack, victim } = client(() => server);

  test('is tokengate_device, not Secure, Path=/, and lets its browser past the lockout', async () => {
    const { email, device } = await victim(DEVELOPMENT_DEVICE);
    const loggedIn = await login({ email, password: PASSWORD });
    const cookie = requireSetCookie(loggedIn, DEVELOPMENT_DEVICE);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict']));
    expect(cookie.attributes).not.toContain('Secure');
    expect(setCookieNamed(loggedIn, DEVICE)).toBeUndefined();
    await attack(email);
    expect((await login({ email, password: PASSWORD }, [[DEVELOPMENT_DEVICE, device]])).body.data?.login.user.email).toBe(email);
  });
});

describe('device token without browser mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: LIMITS });
  });
  afterAll(() => server?.stop());
  const { login, attack } = client(() => server);

  test('travels in the body only: no cookie is set, and a device cookie is not read', async () => {
    const email = uniqueEmail();
    const registered = await server.gql(REGISTER, { input: { email, password: PASSWORD } }, { headers: freshIp() });
    const deviceToken = registered.body.data?.register.deviceToken;
    expect(deviceToken).toEqual(expect.any(String));
    expect(registered.headers.getSetCookie()).toEqual([]);
    await attack(email);
    expect(throttled(await login({ email, password: PASSWORD }, [[DEVICE, deviceToken]]))).toBe(true);
    expect((await login({ email, password: PASSWORD, deviceToken })).body.data?.login.user.email).toBe(email);
  });
});

import jwt from 'jsonwebtoken';
import { CHANGE_PASSWORD, errorOf, LOGOUT_ALL, ME, REFRESH, registerAdmin, registerUser, type Session } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { freshIps, LOCKOUT_LIMITS } from './support/lockout';

// Issue 11, item 4: wrong passwords sent by a stranger for an email must not lock out the account's owner
// on a device that has logged in before (OWASP's device cookies). Every attack here runs over real HTTP.

const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { accessToken refreshToken deviceToken user { id } } }`;
const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { accessToken deviceToken } }`;
const CHANGE = CHANGE_PASSWORD.replace('tokenType', 'tokenType deviceToken');

const LIMITS = LOCKOUT_LIMITS;
const freshIp = freshIps('10.7');

describe('lockout abuse: device tokens', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: LIMITS });
  });
  afterAll(() => server?.stop());

  const login = (input: Record<string, unknown>, headers: Record<string, string> = freshIp()) =>
    server.gql(LOGIN, { input }, { headers });
  /** The owner logs in on their device, which keeps the device token it is given. */
  async function deviceOf(user: Session): Promise<string> {
    const response = await login({ email: user.email, password: user.password });
    const deviceToken = response.body.data?.login.deviceToken;
    if (typeof deviceToken !== 'string') throw new Error(`no device token: ${JSON.stringify(response.body)}`);
    return deviceToken;
  }
  /** A stranger's wrong passwords for the email, each from a new IP, in other spellings of the address. */
  async function attack(email: string, attempts: number, extra: Record<string, unknown> = {}): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < attempts; i++) {
      const spelling = i % 2 ? ` ${email.toUpperCase()} ` : email;
      statuses.push((await login({ email: spelling, password: `guess number ${i}`, ...extra })).status);
    }
    return statuses;
  }
  const throttled = (response: { body: { errors?: Array<{ extensions: Record<string, any>; message: string }> } }) =>
    errorOf(response).extensions.code === 'TOO_MANY_REQUESTS';

  test('after 12 wrong passwords from a stranger, the ADMIN logs in on a known device; an unknown device is still throttled', async () => {
    const admin = await registerAdmin(server);
    const device = await deviceOf(admin);
    expect(await attack(admin.email, 12)).toEqual([...Array(10).fill(200), 429, 429]);

    const fromNewDevice = await login({ email: admin.email, password: admin.password });
    expect(throttled(fromNewDevice)).toBe(true);
    const fromKnownDevice = await login({ email: admin.email, password: admin.password, deviceToken: device });
    expect(fromKnownDevice.body.data?.login.user.id).toBe(admin.userId);
    const me = await server.gql(ME, {}, { token: fromKnownDevice.body.data?.login.accessToken });
    expect(me.body.data?.me.roles).toContain('ADMIN');

    // The owner's login did not refill the stranger's budget for the email.
    expect(throttled(await login({ email: admin.email, password: 'one more guess' }))).toBe(true);
  });

  test('each login returns a new device token, which works too; the old one stays valid until it expires', async () => {
    const user = await registerUser(server);
    const first = await deviceOf(user);
    const second = (await login({ email: user.email, password: user.password, deviceToken: first })).body.data?.login.deviceToken;
    expect(typeof second).toBe('string');
    expect(second).not.toBe(first);
    await attack(user.email, 11);
    for (const deviceToken of [first, second]) {
      expect((await login({ email: user.email, password: user.password, deviceToken })).body.data?.login.user.id).toBe(user.userId);
    }
  });

  test('a known device has a budget of its own: a stolen device token buys a thief 8 guesses, no more', async () => {
    const user = await registerUser(server);
    const stolen = await deviceOf(user);
    expect(await attack(user.email, 9, { deviceToken: stolen })).toEqual([...Array(8).fill(200), 429]);
    // Those guesses were not counted on the email: the owner's other devices are untouched.
    expect((await login({ email: user.email, password: user.password })).body.data?.login.user.id).toBe(user.userId);
  });

  test('logoutAll voids every device token: afterwards a flood locks the old device out again', async () => {
    const user = await registerUser(server);
    const device = await deviceOf(user);
    const session = await login({ email: user.email, password: user.password });
    expect((await server.gql(LOGOUT_ALL, {}, { token: session.body.data?.login.accessToken })).body.data?.logoutAll).toBe(true);
    await attack(user.email, 10);
    expect(throttled(await login({ email: user.email, password: user.password, deviceToken: device }))).toBe(true);
  });

  test('changePassword voids the old device token and hands out a new one that works', async () => {
    const user = await registerUser(server);
    const device = await deviceOf(user);
    const newPassword = 'a much better passphrase';
    const changed = await server.gql(CHANGE, { input: { currentPassword: user.password, newPassword } }, { token: user.accessToken });
    const renewed = changed.body.data?.changePassword.deviceToken;
    expect(typeof renewed).toBe('string');
    await attack(user.email, 10);
    expect(throttled(await login({ email: user.email, password: newPassword, deviceToken: device }))).toBe(true);
    expect((await login({ email: user.email, password: newPassword, deviceToken: renewed })).body.data?.login.user.id).toBe(user.userId);
  });

  test("a device token of account A gives no exemption for account B: the attacker's own token counts as none", async () => {
    const attacker = await registerUser(server);
    const victim = await registerUser(server);
    const attackersDevice = await deviceOf(attacker);
    expect(await attack(victim.email, 11, { deviceToken: attackersDevice })).toEqual([...Array(10).fill(200), 429]);
    expect(throttled(await login({ email: victim.email, password: victim.password }))).toBe(true);
    // The attacker's own account is not throttled by it either way.
    expect((await login({ email: attacker.email, password: attacker.password, deviceToken: attackersDevice })).body.data?.login).toBeTruthy();
  });

  test('a forged device token, an access or refresh token, or garbage count as none (no error, the per-email limit applies)', async () => {
    const user = await registerUser(server);
    const genuine = jwt.decode(await deviceOf(user)) as Record<string, unknown>;
    const forged = jwt.sign(genuine, 'an-attackers-guess-at-the-secret-32-bytes', { algorithm: 'HS256' });
    const others = [forged, user.accessToken, user.refreshToken, 'garbage', ''];
    for (const deviceToken of others) {
      const response = await login({ email: user.email, password: 'wrong password!', deviceToken });
      expect(errorOf(response).extensions.reason).toBe('INVALID_CREDENTIALS');
    }
    await attack(user.email, 5);
    for (const deviceToken of others) {
      expect(throttled(await login({ email: user.email, password: user.password, deviceToken }))).toBe(true);
    }
  });

  test('a device token is refused as an access token (401) and as a refresh token', async () => {
    const user = await registerUser(server);
    const device = await deviceOf(user);
    const asAccess = await server.gql(ME, {}, { token: device });
    expect(asAccess.status).toBe(401);
    expect(errorOf(asAccess).extensions.reason).toBe('TOKEN_INVALID');
    expect(errorOf(await server.gql(REFRESH, { refreshToken: device }, { headers: freshIp() })).extensions.reason).toBe('TOKEN_INVALID');
  });

  test('the per-IP limit still applies to logins with a valid device token', async () => {
    const user = await registerUser(server);
    const device = await deviceOf(user);
    const oneIp = freshIp();
    for (let i = 0; i < 5; i++) {
      expect((await login({ email: user.email, password: user.password, deviceToken: device }, oneIp)).status).toBe(200);
    }
    const refused = await login({ email: user.email, password: user.password, deviceToken: device }, oneIp);
    expect(refused.status).toBe(429);
    expect(throttled(refused)).toBe(true);
  });

  test('register returns a device token that works like a login one', async () => {
    const email = `fresh-${Date.now()}@example.com`;
    const password = 'correct horse battery';
    const registered = await server.gql(REGISTER, { input: { email, password } }, { headers: freshIp() });
    const device = registered.body.data?.register.deviceToken;
    await attack(email, 10);
    expect((await login({ email, password, deviceToken: device })).body.data?.login).toBeTruthy();
  });
});

describe('lockout abuse: expired device tokens', () => {
  test('a device token past DEVICE_TOKEN_TTL counts as none', async () => {
    const server = await startTestServer({ env: { ...LIMITS, DEVICE_TOKEN_TTL: '1h' } });
    try {
      const user = await registerUser(server);
      const login = (input: Record<string, unknown>) => server.gql(LOGIN, { input }, { headers: freshIp() });
      const device = (await login({ email: user.email, password: user.password })).body.data?.login.deviceToken;
      server.clock.advanceSeconds(3600);
      for (let i = 0; i < 10; i++) await login({ email: user.email, password: `guess ${i}` });
      const refused = await login({ email: user.email, password: user.password, deviceToken: device });
      expect(errorOf(refused).extensions.code).toBe('TOO_MANY_REQUESTS');
    } finally {
      await server.stop();
    }
  });
});

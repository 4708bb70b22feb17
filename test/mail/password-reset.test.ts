import { CHANGE_PASSWORD, errorOf, LOGIN, ME, REFRESH, registerUser, uniqueEmail } from '../support/operations';
import { linkTokenOf } from '../support/smtp-server';
import { ME_MAIL, REQUEST_RESET, RESET_PASSWORD, SUBJECTS } from './support/account-operations';
import { requireSetCookie } from '../security/support/set-cookie';
import { APP_URL, type MailTestServer, startMailTestServer } from './support/mail-test-server';

const NEW_PASSWORD = 'a brand new passphrase';

describe('password reset over real SMTP', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer();
  });
  afterAll(() => server?.stop());

  const requestLink = async (email: string): Promise<string> => {
    expect((await server.gql(REQUEST_RESET, { email })).body.data).toEqual({ requestPasswordReset: true });
    const mail = await server.smtp.waitFor((m) => m.to.includes(email) && SUBJECTS.reset.test(m.subject) && !used.has(linkTokenOf(m)));
    expect(mail.text).toContain(`${APP_URL}/reset-password?token=`);
    const token = linkTokenOf(mail);
    used.add(token);
    return token;
  };
  const used = new Set<string>();

  test('the link sets a new password, ends every session, verifies the address, tells the owner and signs in', async () => {
    const user = await registerUser(server);
    const other = (await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data!.login;
    const token = await requestLink(user.email);

    const reset = await server.gql(RESET_PASSWORD, { token, newPassword: NEW_PASSWORD });
    const payload = reset.body.data!.resetPassword;
    expect(payload.user).toEqual({ id: user.userId, email: user.email, emailVerified: true });
    expect((await server.gql(ME_MAIL, {}, { token: payload.accessToken })).body.data!.me.id).toBe(user.userId);

    // Old sessions are dead: access tokens and refresh tokens alike.
    for (const accessToken of [user.accessToken, other.accessToken]) {
      const response = await server.gql(ME, {}, { token: accessToken });
      expect(response.status).toBe(401);
      expect(errorOf(response).extensions.reason).toBe('TOKEN_REVOKED');
    }
    expect(errorOf(await server.gql(REFRESH, { refreshToken: other.refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
    // The new password works, the old does not.
    expect((await server.gql(LOGIN, { input: { email: user.email, password: NEW_PASSWORD } })).body.data!.login.user.id).toBe(user.userId);
    expect(errorOf(await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).extensions.reason).toBe('INVALID_CREDENTIALS');

    const notice = await server.mailTo(user.email, SUBJECTS.passwordReset);
    expect(notice.text).not.toMatch(/token=/);
    expect(errorOf(await server.gql(RESET_PASSWORD, { token, newPassword: 'yet another passphrase' })).extensions)
      .toEqual({ code: 'BAD_USER_INPUT', field: 'token', reason: 'LINK_USED' });
  });

  test('a password the rules refuse answers on newPassword and leaves the link usable', async () => {
    const user = await registerUser(server);
    const token = await requestLink(user.email);
    const weak = errorOf(await server.gql(RESET_PASSWORD, { token, newPassword: 'short' }));
    expect(weak.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect((await server.gql(RESET_PASSWORD, { token, newPassword: NEW_PASSWORD })).body.data!.resetPassword.user.id).toBe(user.userId);
  });

  test('a newer link replaces the older; after PASSWORD_RESET_TTL (30m) a link answers LINK_EXPIRED', async () => {
    const user = await registerUser(server);
    const first = await requestLink(user.email);
    const second = await requestLink(user.email);
    expect(errorOf(await server.gql(RESET_PASSWORD, { token: first, newPassword: NEW_PASSWORD })).extensions.reason).toBe('LINK_INVALID');
    server.clock.advanceSeconds(30 * 60 + 1);
    expect(errorOf(await server.gql(RESET_PASSWORD, { token: second, newPassword: NEW_PASSWORD })).extensions.reason).toBe('LINK_EXPIRED');
  });

  test('changePassword voids an outstanding reset link and mails "password changed"', async () => {
    const user = await registerUser(server);
    const token = await requestLink(user.email);
    const changed = await server.gql(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: NEW_PASSWORD } }, { token: user.accessToken });
    expect(changed.body.errors).toBeUndefined();
    await server.mailTo(user.email, SUBJECTS.passwordChanged);
    expect(errorOf(await server.gql(RESET_PASSWORD, { token, newPassword: 'the thief wants this one' })).extensions.reason).toBe('LINK_INVALID');
  });

  test('two racing clicks on one link: exactly one resets', async () => {
    const user = await registerUser(server);
    const token = await requestLink(user.email);
    const answers = await Promise.all([
      server.gql(RESET_PASSWORD, { token, newPassword: 'racing passphrase one' }),
      server.gql(RESET_PASSWORD, { token, newPassword: 'racing passphrase two' }),
    ]);
    expect(answers.filter((a) => a.body.data?.resetPassword)).toHaveLength(1);
    expect(answers.flatMap((a) => a.body.errors ?? []).map((e) => e.extensions.reason)).toEqual(['LINK_USED']);
  });

  test('an unknown address answers true and gets no mail; no log line carries the token', async () => {
    const unknown = uniqueEmail('nobody');
    expect((await server.gql(REQUEST_RESET, { email: unknown })).body.data).toEqual({ requestPasswordReset: true });
    await server.mailIdle();
    expect(server.smtp.received.filter((mail) => mail.to.includes(unknown))).toEqual([]);
    const logs = server.logs().join('\n');
    expect(logs).toContain('"event":"password_reset_requested"');
    expect(logs).toContain('"event":"password_reset"');
    for (const token of used) expect(logs).not.toContain(token);
  });
});

describe('requestPasswordReset rate limits', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer({ RATE_LIMIT_PASSWORD_RESET_PER_EMAIL: '2/1h', RATE_LIMIT_PASSWORD_RESET_PER_IP: '5/1h' });
  });
  afterAll(() => server?.stop());

  test('per email (known or not, counted alike), then per IP', async () => {
    const email = uniqueEmail('limited');
    for (let i = 0; i < 2; i++) expect((await server.gql(REQUEST_RESET, { email })).body.data).toEqual({ requestPasswordReset: true });
    const limited = await server.gql(REQUEST_RESET, { email });
    expect(errorOf(limited).extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfter: expect.any(Number) });
    expect(limited.status).toBe(429);
    // Three attempts so far from this IP: two more for other addresses, then the IP is out.
    for (let i = 0; i < 2; i++) expect((await server.gql(REQUEST_RESET, { email: uniqueEmail('other') })).body.data).toBeTruthy();
    expect(errorOf(await server.gql(REQUEST_RESET, { email: uniqueEmail('other') })).extensions.code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('resetPassword in browser mode (REFRESH_TOKEN_COOKIE=true)', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer({ REFRESH_TOKEN_COOKIE: 'true' });
  });
  afterAll(() => server?.stop());

  test('signs in like login: the refresh and device tokens go into their HttpOnly cookies, not the body', async () => {
    const user = await registerUser(server);
    await server.gql(REQUEST_RESET, { email: user.email });
    const token = linkTokenOf(await server.mailTo(user.email, SUBJECTS.reset));
    const response = await server.gql(
      `mutation($token: String!, $p: String!) { resetPassword(token: $token, newPassword: $p) { accessToken refreshToken deviceToken } }`,
      { token, p: NEW_PASSWORD },
    );
    expect(response.body.data!.resetPassword).toMatchObject({ accessToken: expect.any(String), refreshToken: null, deviceToken: null });
    expect(requireSetCookie(response, '__Host-tokengate_refresh').attributes).toEqual(expect.arrayContaining(['HttpOnly', 'Secure']));
    requireSetCookie(response, '__Host-tokengate_device');
  });
});

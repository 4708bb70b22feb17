import { errorOf, LOGIN, LOGOUT_ALL, ME, REFRESH } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { codeAt, COMPLETE, nextStep, passwordStep, registerMfaUser } from './support/mfa-operations';

const claimsOf = (jwt: string): Record<string, any> => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
const wrongCodeFor = (code: string): string => String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');

// Login with 2FA on: the password step answers MFA_REQUIRED with a challenge, completeMfaLogin spends it.
describe('login with 2FA', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const complete = (mfaToken: string, code: string) => server.gql(COMPLETE, { mfaToken, code });

  test('the right password answers MFA_REQUIRED with an mfaToken (typ "mfa", 5 minutes, bound to the user), and no tokens', async () => {
    const user = await registerMfaUser(server);
    const response = await server.gql(LOGIN, { input: { email: user.email, password: user.password } });
    expect(response.body.data).toBeNull();
    const error = errorOf(response);
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'MFA_REQUIRED', mfaToken: expect.any(String) });
    expect(error.message).not.toContain(error.extensions.mfaToken);
    const claims = claimsOf(error.extensions.mfaToken);
    expect(claims).toMatchObject({ typ: 'mfa', sub: user.userId });
    expect(claims.exp - claims.iat).toBe(300);
    expect(claims).not.toHaveProperty('sid');
  });

  test('a wrong password and an unknown email answer exactly as without 2FA', async () => {
    const user = await registerMfaUser(server);
    const wrong = await server.gql(LOGIN, { input: { email: user.email, password: 'not the password at all' } });
    const unknown = await server.gql(LOGIN, { input: { email: `nobody-${user.email}`, password: 'not the password at all' } });
    expect(wrong.body).toEqual(unknown.body);
    expect(errorOf(wrong).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
  });

  test('completeMfaLogin with a TOTP code: a token pair and a device token, amr ["pwd","otp"], kept by refresh', async () => {
    const user = await registerMfaUser(server);
    const response = await complete(await passwordStep(server, user), codeAt(server, user.secret));
    const payload = response.body.data?.completeMfaLogin;
    expect(payload).toMatchObject({ tokenType: 'Bearer', user: { id: user.userId, mfaEnabled: true }, deviceToken: expect.any(String) });
    expect(claimsOf(payload.accessToken).amr).toEqual(['pwd', 'otp']);
    expect(claimsOf(payload.refreshToken).amr).toEqual(['pwd', 'otp']);
    expect((await server.gql(ME, {}, { token: payload.accessToken })).body.data?.me.id).toBe(user.userId);
    const refreshed = (await server.gql(REFRESH, { refreshToken: payload.refreshToken })).body.data?.refresh;
    expect(claimsOf(refreshed.accessToken)).toMatchObject({ amr: ['pwd', 'otp'], sid: claimsOf(payload.accessToken).sid });
    expect(claimsOf(refreshed.refreshToken).amr).toEqual(['pwd', 'otp']);
  });

  test('a login without 2FA carries amr ["pwd"]', async () => {
    const { registerUser } = await import('../support/operations');
    const plain = await registerUser(server);
    expect(claimsOf(plain.accessToken).amr).toEqual(['pwd']);
    const login = await server.gql(LOGIN, { input: { email: plain.email, password: plain.password } });
    expect(claimsOf(login.body.data?.login.refreshToken).amr).toEqual(['pwd']);
  });

  test('a recovery code signs in once (amr ["pwd","otp","rec"]); the same code again is refused', async () => {
    const user = await registerMfaUser(server);
    const first = await complete(await passwordStep(server, user), user.recoveryCodes[0]);
    expect(claimsOf(first.body.data?.completeMfaLogin.accessToken).amr).toEqual(['pwd', 'otp', 'rec']);
    const again = await complete(await passwordStep(server, user), user.recoveryCodes[0]);
    expect(errorOf(again).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_MFA_CODE' });
    expect(claimsOf((await complete(await passwordStep(server, user), user.recoveryCodes[1])).body.data?.completeMfaLogin.accessToken).amr)
      .toContain('rec');
  });

  test('a TOTP code is accepted once per user: the same code on a new challenge is refused, the next step works', async () => {
    const user = await registerMfaUser(server);
    const code = codeAt(server, user.secret);
    expect((await complete(await passwordStep(server, user), code)).body.data?.completeMfaLogin).toBeDefined();
    const replay = await complete(await passwordStep(server, user), code);
    expect(errorOf(replay).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_MFA_CODE' });
    // The code of the previous step is older than the one used: a replay too.
    const earlier = await complete(await passwordStep(server, user), codeAt(server, user.secret, -1));
    expect(errorOf(earlier).extensions.reason).toBe('INVALID_MFA_CODE');
    nextStep(server);
    expect((await complete(await passwordStep(server, user), codeAt(server, user.secret))).body.data?.completeMfaLogin).toBeDefined();
  });

  test('two completions racing with one TOTP code: exactly one signs in', async () => {
    const user = await registerMfaUser(server);
    const code = codeAt(server, user.secret);
    const challenges = await Promise.all([passwordStep(server, user), passwordStep(server, user)]);
    const responses = await Promise.all(challenges.map((challenge) => complete(challenge, code)));
    expect(responses.filter((r) => r.body.data?.completeMfaLogin)).toHaveLength(1);
  });

  test('an mfaToken is single use: a second completion answers TOKEN_REVOKED', async () => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    expect((await complete(mfaToken, codeAt(server, user.secret))).body.data?.completeMfaLogin).toBeDefined();
    nextStep(server);
    const again = await complete(mfaToken, codeAt(server, user.secret));
    expect(errorOf(again).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
  });

  test('5 wrong codes end the challenge: the right code then answers TOKEN_REVOKED', async () => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    const right = codeAt(server, user.secret);
    for (let i = 0; i < 5; i++) {
      expect(errorOf(await complete(mfaToken, wrongCodeFor(right))).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_MFA_CODE' });
    }
    expect(errorOf(await complete(mfaToken, right)).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    // A new login opens a new challenge, which the right code completes.
    expect((await complete(await passwordStep(server, user), right)).body.data?.completeMfaLogin).toBeDefined();
  });

  test.each(['12345', '1234567', '12a456', 'not-a-code', ''])('code %p (neither 6 digits nor a recovery code): BAD_USER_INPUT, challenge untouched', async (code) => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    expect(errorOf(await complete(mfaToken, code)).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
    expect((await complete(mfaToken, codeAt(server, user.secret))).body.data?.completeMfaLogin).toBeDefined();
  });

  test('an expired challenge: TOKEN_EXPIRED', async () => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    server.clock.advanceSeconds(301);
    expect(errorOf(await complete(mfaToken, codeAt(server, user.secret))).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
  });

  test('a challenge issued before logoutAll is void: TOKEN_REVOKED', async () => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    await server.gql(LOGOUT_ALL, {}, { token: user.accessToken });
    expect(errorOf(await complete(mfaToken, codeAt(server, user.secret))).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
  });

  test('forged and malformed mfaTokens are refused', async () => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    const [header, payload] = mfaToken.split('.');
    expect(errorOf(await complete(`${header}.${payload}.${'A'.repeat(43)}`, '123456')).extensions.reason).toBe('TOKEN_INVALID');
    expect(errorOf(await complete('not a token', '123456')).extensions.reason).toBe('TOKEN_MALFORMED');
    // An access token is not a challenge either.
    expect(errorOf(await complete(user.accessToken, '123456')).extensions.reason).toBe('TOKEN_INVALID');
  });
});

import { CHANGE_PASSWORD, errorOf, LOGIN, LOGOUT_ALL, ME, REFRESH, registerAdmin, USERS } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { BEGIN, codeAt, COMPLETE, CONFIRM, DISABLE, nextStep, passwordStep, REGENERATE, VERIFY } from './support/mfa-operations';

const claimsOf = (jwt: string): Record<string, any> => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
const AUTH_SETTINGS = '{ authSettings { tokenType } }';

// MFA_REQUIRED_FOR_ROLES=ADMIN: an admin without 2FA may only enrol (and see who they are, sign out); with
// 2FA, the admin's operations need a session that passed it (amr "otp"), which verifyMfa gives.
describe('step-up (MFA_REQUIRED_FOR_ROLES=ADMIN)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { MFA_REQUIRED_FOR_ROLES: 'ADMIN' } });
  });
  afterAll(() => server?.stop());

  test('an admin without 2FA: FORBIDDEN, MFA_ENROLLMENT_REQUIRED on admin and other protected fields; me, authSettings and enrollment work', async () => {
    const admin = await registerAdmin(server);
    const users = await server.gql(USERS, {}, { token: admin.accessToken });
    expect(errorOf(users).extensions).toEqual({ code: 'FORBIDDEN', reason: 'MFA_ENROLLMENT_REQUIRED' });
    const change = await server.gql(CHANGE_PASSWORD, { input: { currentPassword: admin.password, newPassword: 'another passphrase here' } }, { token: admin.accessToken });
    expect(errorOf(change).extensions).toEqual({ code: 'FORBIDDEN', reason: 'MFA_ENROLLMENT_REQUIRED' });
    expect(errorOf(await server.gql(REGENERATE, { code: '123456' }, { token: admin.accessToken })).extensions.reason).toBe('MFA_ENROLLMENT_REQUIRED');
    expect((await server.gql(ME, {}, { token: admin.accessToken })).body.data?.me.id).toBe(admin.userId);
    expect((await server.gql(AUTH_SETTINGS, {}, { token: admin.accessToken })).body.data?.authSettings.tokenType).toBe('Bearer');
    const { secret } = (await server.gql(BEGIN, {}, { token: admin.accessToken })).body.data?.beginTotpEnrollment;
    expect((await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: admin.accessToken })).body.data?.confirmTotpEnrollment).toHaveLength(10);
    expect((await server.gql(LOGOUT_ALL, {}, { token: admin.accessToken })).body.data?.logoutAll).toBe(true);
  });

  test('a plain user is not concerned', async () => {
    const { registerUser } = await import('../support/operations');
    const user = await registerUser(server);
    const change = await server.gql(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: 'another passphrase here' } }, { token: user.accessToken });
    expect(change.body.data?.changePassword.accessToken).toEqual(expect.any(String));
  });

  test('an admin who just enrolled: MFA_REQUIRED on admin fields until verifyMfa raises the session (same sid)', async () => {
    const admin = await registerAdmin(server);
    const { secret } = (await server.gql(BEGIN, {}, { token: admin.accessToken })).body.data?.beginTotpEnrollment;
    await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: admin.accessToken });
    nextStep(server);

    const before = await server.gql(USERS, {}, { token: admin.accessToken });
    expect(errorOf(before).extensions).toEqual({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });
    // Fields every user has stay open to a password-only session.
    expect((await server.gql(ME, {}, { token: admin.accessToken })).body.data?.me.id).toBe(admin.userId);

    const verified = (await server.gql(VERIFY, { code: codeAt(server, secret) }, { token: admin.accessToken })).body.data?.verifyMfa;
    expect(claimsOf(verified.accessToken)).toMatchObject({ amr: ['pwd', 'otp'], sid: claimsOf(admin.accessToken).sid, auth_time: claimsOf(admin.accessToken).auth_time });
    expect(claimsOf(verified.refreshToken).amr).toEqual(['pwd', 'otp']);
    expect((await server.gql(USERS, {}, { token: verified.accessToken })).body.data?.users.length).toBeGreaterThan(0);
    // The stepped-down access token is revoked; the raised session survives a refresh.
    expect((await server.gql(ME, {}, { token: admin.accessToken })).status).toBe(401);
    const refreshed = (await server.gql(REFRESH, { refreshToken: verified.refreshToken })).body.data?.refresh;
    expect((await server.gql(USERS, {}, { token: refreshed.accessToken })).body.data?.users).toBeDefined();
  });

  test('an admin signed in with password + TOTP passes at once', async () => {
    const admin = await registerAdmin(server);
    const { secret } = (await server.gql(BEGIN, {}, { token: admin.accessToken })).body.data?.beginTotpEnrollment;
    await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: admin.accessToken });
    nextStep(server);
    const mfaToken = await passwordStep(server, admin);
    const payload = (await server.gql(COMPLETE, { mfaToken, code: codeAt(server, secret) })).body.data?.completeMfaLogin;
    expect((await server.gql(USERS, {}, { token: payload.accessToken })).body.data?.users).toBeDefined();
  });

  test('verifyMfa: a wrong code is INVALID_MFA_CODE, a user without 2FA gets MFA_NOT_ENABLED', async () => {
    const admin = await registerAdmin(server);
    expect(errorOf(await server.gql(VERIFY, { code: '123456' }, { token: admin.accessToken })).extensions).toEqual({
      code: 'FORBIDDEN',
      reason: 'MFA_ENROLLMENT_REQUIRED',
    });
    const { registerUser } = await import('../support/operations');
    const user = await registerUser(server);
    expect(errorOf(await server.gql(VERIFY, { code: '123456' }, { token: user.accessToken })).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'MFA_NOT_ENABLED' });
  });
});

describe('changePassword and disableTotp of a user with 2FA require a code', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  async function mfaSession() {
    const { registerUser } = await import('../support/operations');
    const user = await registerUser(server);
    const { secret } = (await server.gql(BEGIN, {}, { token: user.accessToken })).body.data?.beginTotpEnrollment;
    await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: user.accessToken });
    nextStep(server);
    return { ...user, secret };
  }
  const change = (token: string, currentPassword: string, code?: string) =>
    server.gql(CHANGE_PASSWORD, { input: { currentPassword, newPassword: 'a brand new passphrase', code } }, { token });

  test('the password alone is refused (BAD_USER_INPUT on code); with a wrong code INVALID_MFA_CODE; with the code it changes', async () => {
    const user = await mfaSession();
    expect(errorOf(await change(user.accessToken, user.password)).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
    const wrong = String((Number(codeAt(server, user.secret)) + 500_000) % 1_000_000).padStart(6, '0');
    expect(errorOf(await change(user.accessToken, user.password, wrong)).extensions).toMatchObject({ reason: 'INVALID_MFA_CODE' });
    const changed = await change(user.accessToken, user.password, codeAt(server, user.secret));
    expect(changed.body.data?.changePassword.accessToken).toEqual(expect.any(String));
    // The session goes on with its amr.
    expect(claimsOf(changed.body.data?.changePassword.accessToken).amr).toEqual(['pwd']);
    expect((await server.gql(LOGIN, { input: { email: user.email, password: 'a brand new passphrase' } })).body.errors?.[0].extensions.reason).toBe('MFA_REQUIRED');
  });

  test('a wrong password is checked first: the code is not spent', async () => {
    const user = await mfaSession();
    const code = codeAt(server, user.secret);
    expect(errorOf(await change(user.accessToken, 'not the password', code)).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    expect((await change(user.accessToken, user.password, code)).body.data?.changePassword).toBeDefined();
  });

  test('disableTotp without a usable code changes nothing', async () => {
    const user = await mfaSession();
    expect(errorOf(await server.gql(DISABLE, { code: '' }, { token: user.accessToken })).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
    expect((await server.stores.users.findById(user.userId))?.totp?.enabledAt).toBeInstanceOf(Date);
  });
});

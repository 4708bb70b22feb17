import { claimsOf as decoded } from '../security/support/jwt-forge';
import { REFRESH, registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { mySessions, sidOf } from '../sessions/support/session-operations';
import { codeAt, COMPLETE, nextStep, passwordStep, registerMfaUser, VERIFY } from './support/mfa-operations';

// How 2FA and stored sessions were wired together: Session.mfa, the amr a refresh reads from the stored session,
// and "remember me" on completeMfaLogin.
const HOUR = 3600;
const claimsOf = (token: string) => decoded(token) as Record<string, any>;

describe('2FA and stored sessions', () => {
  let server: TestServer;
  const gql: TestServer['gql'] = (...args) => server.gql(...args);
  beforeAll(async () => {
    server = await startTestServer({ env: { SESSION_SHORT_LIFETIME: '12h' } });
  });
  afterAll(() => server?.stop());

  const current = async (accessToken: string) => (await mySessions(gql, accessToken)).find((session) => session.current)!;

  test('a session started by completeMfaLogin lists mfa: true', async () => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    const pair = (await gql(COMPLETE, { mfaToken, code: codeAt(server, user.secret) })).body.data!.completeMfaLogin;
    const session = await current(pair.accessToken);
    expect(session).toMatchObject({ id: sidOf(pair.accessToken), mfa: true, remembered: true });
  });

  test('verifyMfa raises the listed session to mfa: true, and a refresh with its OLDER refresh token carries "otp"', async () => {
    const user = await registerMfaUser(server);
    // The enrolling session signed in with the password only.
    expect(await current(user.accessToken)).toMatchObject({ id: sidOf(user.accessToken), mfa: false });
    const raised = await gql(VERIFY, { code: codeAt(server, user.secret) }, { token: user.accessToken });
    const stepped = raised.body.data!.verifyMfa;
    expect(claimsOf(stepped.accessToken).amr).toEqual(['pwd', 'otp']);
    expect(await current(stepped.accessToken)).toMatchObject({ id: sidOf(user.accessToken), mfa: true });
    nextStep(server);

    // The refresh token issued at register, before verifyMfa: the refresh reads amr from the stored session.
    expect(claimsOf(user.refreshToken).amr).toEqual(['pwd']);
    const refreshed = (await gql(REFRESH, { refreshToken: user.refreshToken })).body.data!.refresh;
    expect(claimsOf(refreshed.accessToken)).toMatchObject({ amr: ['pwd', 'otp'], sid: sidOf(user.accessToken) });
    expect(claimsOf(refreshed.refreshToken).amr).toEqual(['pwd', 'otp']);
  });

  test('a password-only session of a user without 2FA stays mfa: false', async () => {
    const user = await registerUser(server);
    expect(await current(user.accessToken)).toMatchObject({ mfa: false });
  });

  test('completeMfaLogin with rememberMe: false: remembered false, and the short lifetime (12h) caps every token', async () => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    const pair = (await gql(COMPLETE, { mfaToken, code: codeAt(server, user.secret), rememberMe: false })).body.data!.completeMfaLogin;
    const refresh = claimsOf(pair.refreshToken);
    const session = await current(pair.accessToken);
    expect(session).toMatchObject({ remembered: false, mfa: true, expiresAt: new Date((refresh.auth_time + 12 * HOUR) * 1000).toISOString() });
    expect(refresh.exp).toBe(refresh.auth_time + 12 * HOUR);
  });

  test('completeMfaLogin without rememberMe: remembered, with the full lifetime', async () => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    const pair = (await gql(COMPLETE, { mfaToken, code: codeAt(server, user.secret) })).body.data!.completeMfaLogin;
    const refresh = claimsOf(pair.refreshToken);
    const session = await current(pair.accessToken);
    expect(session.remembered).toBe(true);
    expect(Date.parse(session.expiresAt) / 1000).toBeGreaterThan(refresh.auth_time + 12 * HOUR);
  });
});

import { errorOf, LOGIN } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { codeAt, COMPLETE, DISABLE, nextStep, passwordStep, registerMfaUser, VERIFY } from '../mfa/support/mfa-operations';

const PER_USER = 7;
const wrongCodeFor = (code: string): string => String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');

// RATE_LIMIT_MFA_PER_USER: wrong codes count per user across challenges, so opening new challenges (the
// password is known) buys no guesses, and a correct password does not reset the count.
describe('wrong 2FA codes, per user', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_MFA_PER_USER: `${PER_USER}/1h` } });
  });
  afterAll(() => server?.stop());

  test(`new challenges buy no guesses: after ${PER_USER} wrong codes, even the right code is refused with 429`, async () => {
    const user = await registerMfaUser(server);
    const right = codeAt(server, user.secret);
    let wrongSoFar = 0;
    // 4 + 3 wrong codes on two challenges (each under its own limit of 5).
    for (const count of [4, 3]) {
      const mfaToken = await passwordStep(server, user);
      for (let i = 0; i < count; i++, wrongSoFar++) {
        expect(errorOf(await server.gql(COMPLETE, { mfaToken, code: wrongCodeFor(right) })).extensions.reason).toBe('INVALID_MFA_CODE');
      }
    }
    expect(wrongSoFar).toBe(PER_USER);
    // The password is right again (a new challenge): it resets nothing.
    const mfaToken = await passwordStep(server, user);
    const refused = await server.gql(COMPLETE, { mfaToken, code: right });
    expect(refused.status).toBe(429);
    expect(errorOf(refused).extensions).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfter: expect.any(Number) });
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  test('wrong codes of signed-in operations count in the same budget', async () => {
    const user = await registerMfaUser(server);
    const right = codeAt(server, user.secret);
    for (let i = 0; i < PER_USER; i++) {
      const query = i % 2 ? DISABLE : VERIFY;
      expect(errorOf(await server.gql(query, { code: wrongCodeFor(right) }, { token: user.accessToken })).extensions.reason).toBe('INVALID_MFA_CODE');
    }
    const mfaToken = await passwordStep(server, user);
    expect((await server.gql(COMPLETE, { mfaToken, code: right })).status).toBe(429);
  });

  test('right codes do not count: more logins than the budget all succeed', async () => {
    const user = await registerMfaUser(server);
    for (let i = 0; i < PER_USER + 2; i++) {
      const mfaToken = await passwordStep(server, user);
      expect((await server.gql(COMPLETE, { mfaToken, code: codeAt(server, user.secret) })).body.data?.completeMfaLogin).toBeDefined();
      nextStep(server);
    }
  });

  test('another user is not affected', async () => {
    const victim = await registerMfaUser(server);
    const other = await registerMfaUser(server);
    for (let i = 0; i < PER_USER; i++) {
      await server.gql(VERIFY, { code: wrongCodeFor(codeAt(server, other.secret)) }, { token: other.accessToken });
    }
    const mfaToken = await passwordStep(server, victim);
    expect((await server.gql(COMPLETE, { mfaToken, code: codeAt(server, victim.secret) })).body.data?.completeMfaLogin).toBeDefined();
    expect((await server.gql(LOGIN, { input: { email: other.email, password: other.password } })).body.errors?.[0].extensions.reason).toBe('MFA_REQUIRED');
  });
});

// The per-email login limit is reset by the right password, as before 2FA: the owner's own 2FA logins must not
// lock them out (the password step answers MFA_REQUIRED, which is not a failure of the password).
test('the owner of a 2FA account is not locked out by their own logins (per-email limit)', async () => {
  const server = await startTestServer({ env: { RATE_LIMIT_LOGIN_PER_EMAIL: '3/15m' } });
  try {
    const user = await registerMfaUser(server);
    for (let i = 0; i < 6; i++) {
      const mfaToken = await passwordStep(server, user);
      expect((await server.gql(COMPLETE, { mfaToken, code: codeAt(server, user.secret) })).body.data?.completeMfaLogin).toBeDefined();
      nextStep(server);
    }
    // Wrong passwords still count.
    for (let i = 0; i < 3; i++) await server.gql(LOGIN, { input: { email: user.email, password: 'not the right one at all' } });
    expect((await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).status).toBe(429);
  } finally {
    await server.stop();
  }
});

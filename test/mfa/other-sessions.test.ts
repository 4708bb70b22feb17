import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import { errorOf, LOGIN, ME, REFRESH, registerUser } from '../support/operations';
import { postGraphQL, startTestServer, TEST_ENV, type TestServer } from '../support/test-server';
import { BEGIN, codeAt, COMPLETE, CONFIRM, DISABLE, nextStep } from './support/mfa-operations';

const claimsOf = (jwt: string): Record<string, any> => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

// Enrolling, confirming and disabling go through the one place that ends the user's other sessions
// (src/mfa/other-sessions.ts), always keeping the caller's: the caller goes on from begin to confirm to disable.
test('begin, confirm and disable each end the other sessions once, keeping the caller\'s session', async () => {
  const output: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (output.push(String(chunk)), done()) }));
  const clock = new ManualClock();
  const stores = createMemoryStores(clock);
  const running = await startHttpServer({ config: loadConfig({ ...TEST_ENV, LOG_LEVEL: 'info' }), stores, clock, logger });
  const server = { clock, gql: (q: string, v?: Record<string, unknown>, o?: { token?: string }) => postGraphQL<any>(running.url, q, v, o) } as unknown as TestServer;
  try {
    const user = await registerUser(server);
    const { secret } = (await server.gql(BEGIN, {}, { token: user.accessToken })).body.data?.beginTotpEnrollment;
    expect((await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: user.accessToken })).body.data?.confirmTotpEnrollment).toHaveLength(10);
    nextStep(server);
    expect((await server.gql(DISABLE, { code: codeAt(server, secret) }, { token: user.accessToken })).body.data?.disableTotp).toBe(true);
    expect((await server.gql(ME, {}, { token: user.accessToken })).body.data?.me.id).toBe(user.userId);

    const ended = output.map((line) => JSON.parse(line)).filter((line) => line.event === 'other_sessions_ended');
    expect(ended.map((line) => line.cause)).toEqual(['totp_enrollment_started', 'totp_enabled', 'totp_disabled']);
    for (const line of ended) expect(line).toMatchObject({ userId: user.userId, keptSession: claimsOf(user.accessToken).sid });
  } finally {
    await running.stop();
    await stores.close();
  }
});

// Each 2FA change ends the user's other sessions for real: a second session is refused on its next request
// and on its refresh, while the caller's session goes on.
test.each(['begin', 'confirm', 'disable'] as const)('after %s, a second session of the user is refused on its next request and refresh', async (step) => {
  const server = await startTestServer();
  try {
    const user = await registerUser(server);
    const login = () => server.gql(LOGIN, { input: { email: user.email, password: user.password } });
    const other = async () => (await login()).body.data?.login;
    // The other session opens just before the step under test (and survives the steps before it).
    const before = step === 'begin' ? await other() : undefined;
    const { secret } = (await server.gql(BEGIN, {}, { token: user.accessToken })).body.data?.beginTotpEnrollment;
    let second = before;
    if (step !== 'begin') {
      second = step === 'confirm' ? await other() : undefined;
      expect((await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: user.accessToken })).body.data?.confirmTotpEnrollment).toHaveLength(10);
    }
    if (step === 'disable') {
      // With 2FA on, a second session needs the code too: log in through the challenge.
      nextStep(server);
      const challenge = errorOf(await login()).extensions.mfaToken;
      second = (await server.gql(COMPLETE, { mfaToken: challenge, code: codeAt(server, secret) })).body.data?.completeMfaLogin;
      nextStep(server);
      expect((await server.gql(DISABLE, { code: codeAt(server, secret) }, { token: user.accessToken })).body.data?.disableTotp).toBe(true);
    }
    expect(second?.accessToken).toEqual(expect.any(String));
    expect(errorOf(await server.gql(ME, {}, { token: second.accessToken })).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect(errorOf(await server.gql(REFRESH, { refreshToken: second.refreshToken })).extensions).toMatchObject({ reason: 'TOKEN_REVOKED' });
    // The caller's session is untouched.
    expect((await server.gql(ME, {}, { token: user.accessToken })).body.data?.me.id).toBe(user.userId);
    expect((await server.gql(REFRESH, { refreshToken: user.refreshToken })).body.data?.refresh.accessToken).toEqual(expect.any(String));
  } finally {
    await server.stop();
  }
});

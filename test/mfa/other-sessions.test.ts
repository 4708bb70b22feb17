import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import { ME, registerUser } from '../support/operations';
import { postGraphQL, TEST_ENV, type TestServer } from '../support/test-server';
import { BEGIN, codeAt, CONFIRM, DISABLE, nextStep } from './support/mfa-operations';

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

// Needs the session store (branch `sessions`): OtherSessions.end is pointed at it at merge.
test.todo('after begin, confirm and disable, a second session of the user is refused on its next request and refresh');

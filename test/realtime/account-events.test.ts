import { BEGIN, codeAt, CONFIRM, DISABLE, nextStep, registerMfaUser, VERIFY } from '../mfa/support/mfa-operations';
import { LOGIN, LOGOUT, registerUser, type Session } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { listening as listenOn, onServer, within } from './support/live-client';

const REVOKE_SESSION = 'mutation Revoke($id: ID!) { revokeSession(id: $id) }';
const REVOKE_OTHERS = 'mutation { revokeOtherSessions }';
const MY_SESSIONS = 'query { mySessions { id current } }';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

const listening = (server: TestServer, token: string) => listenOn(onServer(server), token);

const typesOf = (tab: { events: { results: Array<{ data?: any }> } }) => tab.events.results.map((result) => result.data?.sessionEvents.type);
const stillOpen = (tab: { live: { closed: Promise<unknown> } }, ms = 400) =>
  Promise.race([tab.live.closed, new Promise((resolve) => setTimeout(() => resolve('open'), ms))]);

async function sessionIdOf(server: TestServer, token: string): Promise<string> {
  const sessions = (await server.gql(MY_SESSIONS, {}, { token })).body.data?.mySessions as Array<{ id: string; current: boolean }>;
  return sessions.find((session) => session.current)!.id;
}

async function secondLogin(server: TestServer, user: Session): Promise<Session> {
  const login = (await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data!.login;
  return { ...user, accessToken: login.accessToken, refreshToken: login.refreshToken };
}

describe('sessionEvents: every change to the account reaches its own tabs, and the tab whose session ends closes 4401 after it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  test('revokeSession: the revoked tab hears SESSION_REVOKED (its id, the acting device), then 4401; the acting tab hears it and stays', async () => {
    const user = await registerUser(server);
    const other = await secondLogin(server, user);
    const [acting, revoked] = [await listening(server, user.accessToken), await listening(server, other.accessToken)];
    const stranger = await listening(server, (await registerUser(server)).accessToken);
    const revokedId = await sessionIdOf(server, other.accessToken);
    const answer = await server.gql(REVOKE_SESSION, { id: revokedId }, { token: user.accessToken, headers: { 'user-agent': FIREFOX } });
    expect(answer.body.data).toEqual({ revokeSession: true });
    expect(await within(revoked.live.closed, 1_000, 'close of the revoked tab')).toEqual({ code: 4401, reason: 'Session ended' });
    const expected = { type: 'SESSION_REVOKED', sessionId: revokedId, device: 'Firefox 128 on Linux', at: expect.any(String) };
    expect(revoked.events.results.map((result) => result.data?.sessionEvents)).toEqual([expected]);
    await acting.events.result(1);
    expect(acting.events.results.map((result) => result.data?.sessionEvents)).toEqual([expected]);
    expect(await stillOpen(acting)).toBe('open');
    expect(stranger.events.results).toEqual([]);
    await Promise.all([acting.live.dispose(), stranger.live.dispose()]);
  });

  test('revokeOtherSessions and logout: SESSION_REVOKED, then 4401 for the ended sessions only', async () => {
    const user = await registerUser(server);
    const other = await secondLogin(server, user);
    const [keeper, ended] = [await listening(server, user.accessToken), await listening(server, other.accessToken)];
    await server.gql(REVOKE_OTHERS, {}, { token: user.accessToken });
    expect(await within(ended.live.closed, 1_000, 'close')).toEqual({ code: 4401, reason: 'Session ended' });
    expect(typesOf(ended)).toEqual(['SESSION_REVOKED']);
    await keeper.events.result(1);
    await server.gql(LOGOUT, { refreshToken: user.refreshToken }, { token: user.accessToken });
    expect(await within(keeper.live.closed, 1_000, 'close after logout')).toEqual({ code: 4401, reason: 'Session ended' });
    expect(typesOf(keeper)).toEqual(['SESSION_REVOKED', 'SESSION_REVOKED']);
  });

  test('verifyMfa replaces the token in a live session: 4403 (reconnect with the new token), not 4401', async () => {
    const user = await registerMfaUser(server);
    const tab = await listening(server, user.accessToken);
    const stepped = await server.gql(VERIFY, { code: codeAt(server, user.secret) }, { token: user.accessToken });
    expect(stepped.body.data?.verifyMfa.accessToken).toEqual(expect.any(String));
    expect(await within(tab.live.closed, 1_000, 'close')).toEqual({ code: 4403, reason: 'Token replaced' });
    // The new token connects.
    const again = await listening(server, stepped.body.data!.verifyMfa.accessToken);
    expect(await stillOpen(again)).toBe('open');
    await again.live.dispose();
  });

  test('MFA_ENABLED reaches the enrolling tab (which stays); the other session hears it, SESSION_REVOKED, then 4401', async () => {
    const user = await registerUser(server);
    const other = await secondLogin(server, user);
    const secret = (await server.gql(BEGIN, {}, { token: user.accessToken })).body.data!.beginTotpEnrollment.secret;
    const [enrolling, elsewhere] = [await listening(server, user.accessToken), await listening(server, (await secondLogin(server, other)).accessToken)];
    await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: user.accessToken });
    expect((await within(elsewhere.live.closed, 1_000, 'close of the other session')).code).toBe(4401);
    expect(typesOf(elsewhere)).toEqual(['MFA_ENABLED', 'SESSION_REVOKED']);
    await enrolling.events.result(2);
    expect(typesOf(enrolling)).toEqual(['MFA_ENABLED', 'SESSION_REVOKED']);
    nextStep(server);
    await server.gql(DISABLE, { code: codeAt(server, secret) }, { token: user.accessToken });
    await enrolling.events.result(3);
    expect(typesOf(enrolling)[2]).toBe('MFA_DISABLED');
    expect(await stillOpen(enrolling)).toBe('open');
    await enrolling.live.dispose();
  });
});

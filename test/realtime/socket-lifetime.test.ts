import jwt from 'jsonwebtoken';
import { CHANGE_PASSWORD, LOGIN, LOGOUT, LOGOUT_ALL, ME, REFRESH, registerAdmin, registerUser, SET_USER_ROLES } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { listening as listenOn, liveClient, onServer, SESSION_EVENTS, subscribe, within } from './support/live-client';

const listening = (server: TestServer, token: string) => listenOn(onServer(server), token);

describe('GraphQL over WebSocket: a socket lives as long as its token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  test('logout of the socket’s token: SESSION_REVOKED, then 4401 at once', async () => {
    const user = await registerUser(server);
    const { live, events } = await listening(server, user.accessToken);
    await server.gql(LOGOUT, { refreshToken: user.refreshToken }, { token: user.accessToken });
    expect(await within(live.closed, 1_000, 'close')).toEqual({ code: 4401, reason: 'Session ended' });
    expect(events.results.map((result) => result.data?.sessionEvents.type)).toEqual(['SESSION_REVOKED']);
  });

  test('logout of another session’s token leaves this socket open', async () => {
    const user = await registerUser(server);
    const other = (await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data?.login;
    const { live } = await listening(server, user.accessToken);
    await server.gql(LOGOUT, { refreshToken: other.refreshToken }, { token: other.accessToken });
    const stillOpen = await Promise.race([live.closed, new Promise((resolve) => setTimeout(() => resolve('open'), 500))]);
    expect(stillOpen).toBe('open');
    await live.dispose();
  });

  test('logoutAll: every tab hears LOGGED_OUT_EVERYWHERE, then closes 4401', async () => {
    const user = await registerUser(server);
    const second = (await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data?.login;
    const tabs = [await listening(server, user.accessToken), await listening(server, second.accessToken)];
    await server.gql(LOGOUT_ALL, {}, { token: user.accessToken });
    for (const { live, events } of tabs) {
      expect(await within(live.closed, 1_000, 'close')).toEqual({ code: 4401, reason: 'Token revoked' });
      expect(events.results.map((result) => result.data?.sessionEvents.type)).toEqual(['LOGGED_OUT_EVERYWHERE']);
    }
  });

  test('a password change: the other session hears PASSWORD_CHANGED then 4401; the acting session 4403 (its token was replaced)', async () => {
    const user = await registerUser(server);
    const other = (await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data?.login;
    const acting = await listening(server, user.accessToken);
    const elsewhere = await listening(server, other.accessToken);
    const changed = await server.gql(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: 'another horse battery' } }, { token: user.accessToken });
    expect(changed.body.errors).toBeUndefined();
    expect(await within(elsewhere.live.closed, 1_000, 'close elsewhere')).toEqual({ code: 4401, reason: 'Token revoked' });
    expect(await within(acting.live.closed, 1_000, 'close of the acting tab')).toEqual({ code: 4403, reason: 'Token replaced' });
    for (const tab of [acting, elsewhere]) {
      expect(tab.events.results.map((result) => result.data?.sessionEvents)).toEqual([
        expect.objectContaining({ type: 'PASSWORD_CHANGED', sessionId: expect.any(String), device: expect.any(String) }),
      ]);
    }
    // The acting tab reconnects with its new token.
    const again = liveClient(server.url, { token: changed.body.data?.changePassword.accessToken });
    await within(again.connected, 3_000, 'reconnect');
    await again.dispose();
  });

  test('tabs sharing a token share one re-check, yet each gets its own verdict: three tabs per token, the acting token 4403, the other 4401', async () => {
    const user = await registerUser(server);
    const other = (await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data?.login;
    const acting = await Promise.all([1, 2, 3].map(() => listening(server, user.accessToken)));
    const elsewhere = await Promise.all([1, 2, 3].map(() => listening(server, other.accessToken)));
    const changed = await server.gql(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: 'another horse battery' } }, { token: user.accessToken });
    expect(changed.body.errors).toBeUndefined();
    const closes = async (tabs: typeof acting) => Promise.all(tabs.map((tab) => within(tab.live.closed, 1_000, 'close')));
    expect(await closes(acting)).toEqual(Array(3).fill({ code: 4403, reason: 'Token replaced' }));
    expect(await closes(elsewhere)).toEqual(Array(3).fill({ code: 4401, reason: 'Token revoked' }));
    for (const tab of [...acting, ...elsewhere]) {
      expect(tab.events.results.map((result) => result.data?.sessionEvents.type)).toEqual(['PASSWORD_CHANGED']);
    }
  });

  test('refresh reuse ends every session: LOGGED_OUT_EVERYWHERE, then 4401', async () => {
    const user = await registerUser(server);
    const { live, events } = await listening(server, user.accessToken);
    await server.gql(REFRESH, { refreshToken: user.refreshToken });
    server.clock.advanceSeconds(60); // past REFRESH_REUSE_GRACE: the replay is theft
    await server.gql(REFRESH, { refreshToken: user.refreshToken });
    expect(await within(live.closed, 1_000, 'close')).toEqual({ code: 4401, reason: 'Token revoked' });
    expect(events.results.map((result) => result.data?.sessionEvents.type)).toEqual(['LOGGED_OUT_EVERYWHERE']);
  });

  test('a role change closes nothing: ROLES_CHANGED is delivered, the socket stays open and subscribes again', async () => {
    const admin = await registerAdmin(server);
    const user = await registerUser(server);
    const { live, events } = await listening(server, user.accessToken);
    await server.gql(SET_USER_ROLES, { userId: user.userId, roles: ['USER', 'ADMIN'] }, { token: admin.accessToken });
    const event = await events.result(1);
    expect(event.data?.sessionEvents).toMatchObject({ type: 'ROLES_CHANGED', sessionId: null });
    const stillOpen = await Promise.race([live.closed, new Promise((resolve) => setTimeout(() => resolve('open'), 300))]);
    expect(stillOpen).toBe('open');
    const again = subscribe(live.client, SESSION_EVENTS);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(again.error).toBeUndefined();
    expect((await server.gql(ME, {}, { token: user.accessToken })).body.data?.me.roles).toEqual(['USER', 'ADMIN']);
    await live.dispose();
  });

  test('no event leaks to another user: one user’s logoutAll and role change reach neither another user’s socket nor close it', async () => {
    const admin = await registerAdmin(server);
    const alice = await registerUser(server);
    const bob = await registerUser(server);
    const bobs = await listening(server, bob.accessToken);
    const alices = await listening(server, alice.accessToken);
    await server.gql(SET_USER_ROLES, { userId: alice.userId, roles: ['USER', 'ADMIN'] }, { token: admin.accessToken });
    await server.gql(LOGOUT_ALL, {}, { token: alice.accessToken });
    await within(alices.live.closed, 1_000, 'alice closed');
    expect(alices.events.results.map((result) => result.data?.sessionEvents.type)).toEqual(['ROLES_CHANGED', 'LOGGED_OUT_EVERYWHERE']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bobs.events.results).toEqual([]);
    const stillOpen = await Promise.race([bobs.live.closed, new Promise((resolve) => setTimeout(() => resolve('open'), 100))]);
    expect(stillOpen).toBe('open');
    await bobs.live.dispose();
  });
});

describe('GraphQL over WebSocket: expiry while open', () => {
  let server: TestServer;
  // A real timer: access tokens of 2 s (the server's clock stands still, so the timer's delay is exactly the TTL).
  beforeAll(async () => {
    server = await startTestServer({ env: { ACCESS_TOKEN_TTL: '2s' } });
  });
  afterAll(() => server.stop());

  test('the socket closes 4403 when its access token reaches exp, not before', async () => {
    const user = await registerUser(server);
    // exp is whole seconds: the token has between 1 and 2 s left by the server's clock.
    const { exp } = jwt.decode(user.accessToken) as { exp: number };
    const left = exp * 1000 - server.clock.now();
    const live = liveClient(server.url, { token: user.accessToken });
    const opened = Date.now();
    await within(live.connected, 1_000, 'ack');
    const closed = await within(live.closed, left + 2_000, 'expiry close');
    expect(closed).toEqual({ code: 4403, reason: 'Token expired' });
    expect(Date.now() - opened).toBeGreaterThanOrEqual(left - 50);
  });
});

import jwt from 'jsonwebtoken';
import { LOGOUT, REFRESH, registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { liveClient, SESSION_EVENTS, subscribe, within, type LiveClientOptions } from './support/live-client';

/** Connects, and answers how it ended up: acknowledged, or closed with a code before that. */
async function outcomeOf(server: TestServer, options: LiveClientOptions): Promise<'ack' | { code: number; reason: string }> {
  const live = liveClient(server.url, options);
  try {
    return await within(Promise.race([live.connected.then(() => 'ack' as const), live.closed]), 5_000, 'ack or close');
  } finally {
    await live.dispose();
  }
}

describe('GraphQL over WebSocket: authentication in connection_init', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  test.each([
    ['payload.authorization', (token: string) => ({ authorization: `Bearer ${token}` })],
    ['payload.Authorization', (token: string) => ({ Authorization: `Bearer ${token}` })],
    ['payload.headers.Authorization (Hasura style)', (token: string) => ({ headers: { Authorization: `Bearer ${token}` } })],
  ])('a valid token in %s is accepted', async (_where, params) => {
    const user = await registerUser(server);
    expect(await outcomeOf(server, { params: params(user.accessToken) })).toBe('ack');
  });

  test('no token: anonymous, acknowledged, and sessionEvents (signed in only) is refused', async () => {
    const live = liveClient(server.url);
    await within(live.connected, 3_000, 'ack');
    const events = subscribe(live.client, SESSION_EVENTS);
    await within(events.ended, 3_000, 'refusal');
    expect(events.results[0]?.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'AUTHENTICATION_REQUIRED' });
    await live.dispose();
  });

  test('an empty authorization counts as none (as an empty HTTP header does)', async () => {
    expect(await outcomeOf(server, { params: { authorization: '' } })).toBe('ack');
  });

  test.each([
    ['garbage', { authorization: 'Bearer not-a-jwt' }, 'Token malformed'],
    ['a scheme other than Bearer', { authorization: 'Basic dXNlcjpwYXNz' }, 'Token malformed'],
    ['a value that is not a string', { authorization: { token: 'x' } }, 'Token malformed'],
  ])('a malformed token (%s) closes 4401', async (_what, params, reason) => {
    expect(await outcomeOf(server, { params })).toEqual({ code: 4401, reason });
  });

  test('a forged token (signed with another secret) closes 4401', async () => {
    const user = await registerUser(server);
    const claims = jwt.decode(user.accessToken) as Record<string, unknown>;
    const forged = jwt.sign(claims, 'another-secret-that-is-at-least-32-bytes-long!!', { algorithm: 'HS256' });
    expect(await outcomeOf(server, { token: forged })).toEqual({ code: 4401, reason: 'Token invalid' });
  });

  test('a refresh token is not an access token: 4401', async () => {
    const user = await registerUser(server);
    expect(await outcomeOf(server, { token: user.refreshToken })).toEqual({ code: 4401, reason: 'Token invalid' });
  });

  test('a revoked (logged out) token closes 4401', async () => {
    const user = await registerUser(server);
    await server.gql(LOGOUT, { refreshToken: user.refreshToken }, { token: user.accessToken });
    expect(await outcomeOf(server, { token: user.accessToken })).toEqual({ code: 4401, reason: 'Token revoked' });
  });

  test('an expired token closes 4403, and a refreshed one connects', async () => {
    const user = await registerUser(server);
    server.clock.advanceSeconds(server.config.jwt.accessTokenTtlSeconds + 1);
    expect(await outcomeOf(server, { token: user.accessToken })).toEqual({ code: 4403, reason: 'Token expired' });
    const refreshed = await server.gql(REFRESH, { refreshToken: user.refreshToken });
    expect(await outcomeOf(server, { token: refreshed.body.data?.refresh.accessToken })).toBe('ack');
  });

  test('no secret in a close reason or an error: the token never comes back', async () => {
    const live = liveClient(server.url, { params: { authorization: 'Bearer secret.token.value' } });
    const closed = await within(live.closed, 3_000, 'close');
    expect(closed.reason).not.toContain('secret');
    await live.dispose();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApolloClient } from '../src/apollo/create-client';
import { webSocketUrlOf } from '../src/apollo/ws-link';
import { DeviceTokenStore } from '../src/auth/device-tokens';
import { memoryStorage, RefreshCredentialStore } from '../src/auth/refresh-credential';
import { Session } from '../src/auth/session';
import { SocketAuth } from '../src/auth/socket-auth';
import { MeDocument } from '../src/graphql/operations';
import { fakeTokengate, type FakeOptions } from './fake-tokengate';

const URI = 'http://tokengate.test/graphql';

/** A signed-in session on a clock the test moves; the fake hands out 3-second access tokens. */
function signedInSocket(options: FakeOptions = {}) {
  const server = fakeTokengate(options);
  const clock = { now: 1_000_000 };
  const session = new Session({
    uri: URI,
    fetch: server.fetch,
    credentials: new RefreshCredentialStore(memoryStorage()),
    devices: new DeviceTokenStore(memoryStorage()),
    now: () => clock.now,
  });
  session.signIn(server.login());
  const socket = new SocketAuth(session);
  const passTokenLifetime = () => {
    clock.now += 3_000;
    server.expireAccessTokens();
  };
  return { server, session, socket, passTokenLifetime };
}

const bearer = (token: string | undefined) => ({ authorization: `Bearer ${token}` });

describe('connectionParams', () => {
  it('sends the current access token, without a refresh while it is valid', async () => {
    const { server, socket } = signedInSocket();

    await expect(socket.connectionParams()).resolves.toEqual(bearer('access-1'));
    expect(server.refreshCalls).toHaveLength(0);
  });

  it('an expired access token is refreshed first (one refresh), then the new token is sent', async () => {
    const { server, session, socket, passTokenLifetime } = signedInSocket();
    passTokenLifetime();

    await expect(socket.connectionParams()).resolves.toEqual(bearer('access-2'));
    expect(server.refreshCalls).toHaveLength(1);
    expect(session.token).toBe('access-2');
  });

  it('in cookie mode the refresh reads the cookie (no argument) and the new token is sent', async () => {
    const { server, socket, passTokenLifetime } = signedInSocket({ cookieMode: true });
    passTokenLifetime();

    await expect(socket.connectionParams()).resolves.toEqual(bearer('access-2'));
    expect(server.refreshCalls).toEqual([{ variables: {}, authorization: null }]);
  });

  it('concurrent callers share one refresh and all get the new token', async () => {
    const { server, socket, passTokenLifetime } = signedInSocket();
    passTokenLifetime();
    const release = server.holdNextRefresh();

    const params = Array.from({ length: 5 }, () => socket.connectionParams());
    release();

    expect(await Promise.all(params)).toEqual(Array(5).fill(bearer('access-2')));
    expect(server.refreshCalls).toHaveLength(1);
  });

  it('a socket reconnecting while HTTP operations fail as expired shares their one refresh', async () => {
    const { server, session, socket, passTokenLifetime } = signedInSocket();
    const client = createApolloClient({ uri: URI, session, fetch: server.fetch });
    const me = () => client.query({ query: MeDocument, fetchPolicy: 'network-only', context: { queryDeduplication: false } });
    passTokenLifetime();
    const release = server.holdNextRefresh();

    const operations = Array.from({ length: 3 }, me);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const params = socket.connectionParams();
    release();
    await Promise.all(operations);

    await expect(params).resolves.toEqual(bearer('access-2'));
    expect(server.refreshCalls).toHaveLength(1);
  });

  it('a 4403 close refreshes the token it was sent with on the next connect, even when this clock says it is valid', async () => {
    const { server, socket } = signedInSocket();
    await socket.connectionParams();
    server.expireAccessTokens();

    socket.closed({ code: 4403, reason: 'expired' });

    await expect(socket.connectionParams()).resolves.toEqual(bearer('access-2'));
    await expect(socket.connectionParams()).resolves.toEqual(bearer('access-2'));
    expect(server.refreshCalls).toHaveLength(1);
  });

  it('a 4403 for a token already replaced (a refresh, a password change) reconnects with the new one, no refresh', async () => {
    const { server, session, socket } = signedInSocket();
    await socket.connectionParams();
    await session.refresh();

    socket.closed({ code: 4403, reason: 'token replaced' });

    await expect(socket.connectionParams()).resolves.toEqual(bearer('access-2'));
    expect(server.refreshCalls).toHaveLength(1);
  });

  it('a refused refresh rejects the connect and ends the session', async () => {
    const { server, session, socket, passTokenLifetime } = signedInSocket();
    passTokenLifetime();
    server.refuseRefreshWith('TOKEN_REVOKED');

    await expect(socket.connectionParams()).rejects.toThrow(/refused/);
    expect(session.current).toMatchObject({ status: 'signed-out', endedBecause: expect.stringMatching(/signed out/) });
  });

  it('signed out: an anonymous connection_init (no authorization)', async () => {
    const { session, socket } = signedInSocket();
    session.end();

    await expect(socket.connectionParams()).resolves.toEqual({});
  });
});

describe('close codes', () => {
  it('4401 for the token in use signs the tab out with a reason', async () => {
    const { session, socket } = signedInSocket();
    await socket.connectionParams();

    socket.closed({ code: 4401, reason: 'session ended' });

    expect(session.current).toMatchObject({ status: 'signed-out', endedBecause: expect.stringMatching(/this session was ended/) });
  });

  it('4401 for a socket opened with an older token does not end the newer session', async () => {
    const { session, socket } = signedInSocket();
    await socket.connectionParams();
    await session.refresh();

    socket.closed({ code: 4401, reason: 'session ended' });

    expect(session.current.status).toBe('signed-in');
  });

  it('4401 while this tab is logging out adds no message (the tab asked for it)', async () => {
    const { session, socket } = signedInSocket();
    await socket.connectionParams();
    let release!: () => void;

    const signingOut = session.signOut(() => new Promise<void>((resolve) => (release = resolve)));
    socket.closed({ code: 4401, reason: 'session ended' });
    release();
    await signingOut;

    expect(session.current).toEqual({ status: 'signed-out', endedBecause: undefined });
  });

  it('other codes (1001 shutdown, 1013, 4429) leave the session alone', async () => {
    const { session, socket } = signedInSocket();
    await socket.connectionParams();

    for (const code of [1000, 1001, 1013, 4429, 4499]) socket.closed({ code, reason: '' });

    expect(session.current.status).toBe('signed-in');
  });
});

describe('retryWait', () => {
  afterEach(() => vi.useRealTimers());

  /** Whether graphql-ws' wait before reconnect attempt `retries` is over after `ms` of (fake) time. */
  async function overAfter(socket: SocketAuth, retries: number, ms: number): Promise<boolean> {
    vi.useFakeTimers();
    let over = false;
    void socket.retryWait(retries).then(() => (over = true));
    await vi.advanceTimersByTimeAsync(ms);
    return over;
  }

  it('after a 4403 (the token ran out) the reconnect is at once: no back-off gap in which events are missed', async () => {
    const { socket } = signedInSocket();
    socket.closed({ code: 4403 });
    expect(await overAfter(socket, 0, 0)).toBe(true);
  });

  it('a 4403 again right after that, or another close, waits the randomised exponential back-off', async () => {
    const { socket } = signedInSocket();
    socket.closed({ code: 4403 });
    expect(await overAfter(socket, 1, 1_900)).toBe(false);
    vi.useRealTimers();
    socket.closed({ code: 1001 });
    expect(await overAfter(socket, 0, 900)).toBe(false);
    vi.useRealTimers();
    expect(await overAfter(socket, 0, 4_000)).toBe(true);
  });
});

describe('webSocketUrlOf', () => {
  it.each([
    ['/graphql', 'http://localhost:5173/sessions', 'ws://localhost:5173/graphql'],
    ['/graphql', 'https://app.example.com/', 'wss://app.example.com/graphql'],
    ['https://auth.example.com/graphql', 'https://app.example.com/', 'wss://auth.example.com/graphql'],
  ])('%s from %s: %s (same path as HTTP)', (uri, base, expected) => {
    expect(webSocketUrlOf(uri, base)).toBe(expected);
  });
});

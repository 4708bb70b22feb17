import { describe, expect, it } from 'vitest';
import { createApolloClient } from '../src/apollo/create-client';
import { DeviceTokenStore } from '../src/auth/device-tokens';
import { memoryStorage, RefreshCredentialStore } from '../src/auth/refresh-credential';
import { Session } from '../src/auth/session';
import { MeDocument } from '../src/graphql/operations';
import { fakeTokengate, type FakeOptions } from './fake-tokengate';

const URI = 'http://tokengate.test/graphql';

function signedInClient(options: FakeOptions = {}) {
  const server = fakeTokengate(options);
  const credentials = new RefreshCredentialStore(memoryStorage());
  const session = new Session({ uri: URI, fetch: server.fetch, credentials, devices: new DeviceTokenStore(memoryStorage()) });
  session.signIn(server.login());
  const client = createApolloClient({ uri: URI, session, fetch: server.fetch });
  // Without deduplication, or Apollo would merge identical queries in flight into one request.
  const me = () =>
    client.query({ query: MeDocument, fetchPolicy: 'network-only', context: { queryDeduplication: false } });
  return { server, session, credentials, client, me };
}

describe('silent refresh', () => {
  it('ten operations failing together with TOKEN_EXPIRED cause exactly one refresh, then all succeed', async () => {
    const { server, session, me } = signedInClient();
    server.expireAccessTokens();

    const results = await Promise.all(Array.from({ length: 10 }, me));

    expect(server.expiredRefusals).toBe(10);
    expect(server.refreshCalls).toHaveLength(1);
    expect(results.map((result) => result.data?.me.email)).toEqual(Array(10).fill('ada@example.com'));
    expect(session.token).toBe(server.issued.at(-1));
  });

  it('operations that fail while the refresh is still running join it instead of starting another', async () => {
    const { server, me } = signedInClient();
    server.expireAccessTokens();
    const release = server.holdNextRefresh();

    const first = Array.from({ length: 5 }, me);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const late = Array.from({ length: 5 }, me);
    release();
    await Promise.all([...first, ...late]);

    expect(server.expiredRefusals).toBe(10);
    expect(server.refreshCalls).toHaveLength(1);
  });

  it('sends refresh without the Authorization header, with the stored refresh token, and rotates it', async () => {
    const { server, credentials, me } = signedInClient();
    server.expireAccessTokens();

    await me();

    expect(server.refreshCalls[0]).toEqual({ variables: { refreshToken: 'refresh-1' }, authorization: null });
    expect(credentials.read()).toEqual({ mode: 'token', refreshToken: 'refresh-2' });
  });

  it('in cookie mode (refreshToken null) omits the argument and keeps no token in storage', async () => {
    const { server, credentials, session, me } = signedInClient({ cookieMode: true });
    server.expireAccessTokens();

    await me();

    expect(server.refreshCalls).toEqual([{ variables: {}, authorization: null }]);
    expect(credentials.read()).toEqual({ mode: 'cookie' });
    expect(session.refreshTokenForLogout).toBeNull();
  });

  it('a 401 answered as plain application/json (a ServerError, not CombinedGraphQLErrors) also refreshes', async () => {
    const { server, me } = signedInClient({ plainJson: true });
    server.expireAccessTokens();

    const results = await Promise.all(Array.from({ length: 3 }, me));

    expect(server.refreshCalls).toHaveLength(1);
    expect(results.every((result) => result.data?.me.email === 'ada@example.com')).toBe(true);
  });

  it('a second expiry later triggers a second refresh (single flight is per burst, not forever)', async () => {
    const { server, me } = signedInClient();
    server.expireAccessTokens();
    await me();
    server.expireAccessTokens();
    await me();

    expect(server.refreshCalls).toHaveLength(2);
  });
});

describe('a refresh that fails ends the session cleanly', () => {
  it.each(['TOKEN_REVOKED', 'TOKEN_EXPIRED', 'TOKEN_INVALID', 'TOKEN_MALFORMED'])(
    'refresh refused with %s: every waiting operation fails, one refresh, tokens and storage cleared',
    async (reason) => {
      const { server, session, credentials, me } = signedInClient();
      server.expireAccessTokens();
      server.refuseRefreshWith(reason);

      const outcomes = await Promise.allSettled(Array.from({ length: 3 }, me));

      expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
      expect(server.refreshCalls).toHaveLength(1);
      expect(session.current.status).toBe('signed-out');
      expect(session.token).toBeUndefined();
      expect(credentials.read()).toBeUndefined();
    },
  );

  it('an operation still refused after its one retry is not retried again, and the session ends', async () => {
    const { server, session, me } = signedInClient();
    server.expireAccessTokens();
    server.issueDeadAccessTokens();

    await expect(me()).rejects.toThrow(/expired/i);

    expect(server.refreshCalls).toHaveLength(1);
    expect(session.current.status).toBe('signed-out');
  });
});

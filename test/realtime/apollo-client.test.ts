import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { isSubscriptionOperation } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import { REFRESH, registerAdmin, registerUser, SET_USER_ROLES } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitFor, wsUrl } from './support/live-client';

/**
 * docs/CLIENTS.md's Apollo Client setup, run as written (GraphQLWsLink, split by operation type, connectionParams
 * as a function that refreshes first) against a real server with 2-second access tokens: the subscription
 * survives the token's expiry by reconnecting with a refreshed token, with exactly one refresh.
 */
describe('Apollo Client subscriptions with an expiring token (docs/CLIENTS.md)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { ACCESS_TOKEN_TTL: '2s' } });
  });
  afterAll(() => server.stop());

  /** The server's clock follows real time here, so that a 2 s token really expires (and the socket's timer agrees). */
  const followRealTime = () => server.clock.advanceSeconds(Math.max(0, (Date.now() - server.clock.now()) / 1000));

  test('the socket closes 4403 at exp, reconnects after one refresh, and the subscription goes on', async () => {
    followRealTime();
    const user = await registerUser(server);
    const session = {
      token: user.accessToken as string | undefined,
      refreshToken: user.refreshToken,
      refreshes: 0,
      expired(): boolean {
        return (jwt.decode(this.token as string) as { exp: number }).exp * 1000 <= Date.now();
      },
      /** Single flight, as the example's: a caller holding an older token than the current one refreshes nothing. */
      async refreshAfter(stale: string): Promise<void> {
        if (stale !== this.token) return;
        followRealTime();
        this.refreshes++;
        const answer = await server.gql(REFRESH, { refreshToken: this.refreshToken });
        ({ accessToken: this.token, refreshToken: this.refreshToken } = answer.body.data?.refresh);
      },
    };
    const closes: number[] = [];
    let connects = 0;
    // From here to `closed`: CLIENTS.md's connectionParams and closed handler.
    let sentToken: string | undefined;
    let refusedToken: string | undefined;
    let lastCloseCode: number | undefined;
    const wsLink = new GraphQLWsLink(
      createClient({
        url: wsUrl(server.url),
        webSocketImpl: WebSocket,
        connectionParams: async () => {
          const token = session.token;
          if (token && (session.expired() || token === refusedToken)) await session.refreshAfter(token);
          sentToken = session.token;
          return sentToken ? { authorization: `Bearer ${sentToken}` } : {};
        },
        retryAttempts: 5,
        retryWait: async (retries) => {
          if (lastCloseCode === 4403 && retries === 0) return;
          await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** retries + 300 + Math.random() * 2700));
        },
        on: {
          connected: () => void connects++,
          closed: (event) => {
            const { code } = event as { code: number };
            lastCloseCode = code;
            closes.push(code);
            if (code === 4403) refusedToken = sentToken;
          },
        },
      }),
    );
    const client = new ApolloClient({
      link: ApolloLink.split(({ query }) => isSubscriptionOperation(query), wsLink, new HttpLink({ uri: server.url })),
      cache: new InMemoryCache(),
    });
    const types: Array<string | undefined> = [];
    const errors: unknown[] = [];
    const subscription = client
      .subscribe<{ sessionEvents: { type: string } }>({ query: gql`subscription { sessionEvents { type at } }` })
      .subscribe({ next: ({ data }) => void types.push(data?.sessionEvents.type), error: (error) => void errors.push(error) });
    try {
      await waitFor(() => (connects === 2 ? true : undefined), 6_000, 'a reconnect after the expiry');
      expect(closes).toEqual([4403]);
      expect(session.refreshes).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the subscription is sent again on the new socket
      followRealTime();
      const admin = await registerAdmin(server); // a fresh one: 2 s tokens
      await server.gql(SET_USER_ROLES, { userId: user.userId, roles: ['USER', 'ADMIN'] }, { token: admin.accessToken });
      await waitFor(() => (types.length > 0 ? true : undefined), 1_500, 'the event on the new socket');
      expect(types).toEqual(['ROLES_CHANGED']);
      expect(errors).toEqual([]);
    } finally {
      subscription.unsubscribe();
      await wsLink.client.dispose();
    }
  });
});

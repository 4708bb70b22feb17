import { useDeployments } from '../support/deployments';
import { LOGOUT, LOGOUT_ALL, registerUser } from '../support/operations';
import { liveClient, SESSION_EVENTS, subscribe, within } from './support/live-client';

/** Two instances on one store: a revocation on one closes sockets on the other within CACHE_SYNC_INTERVAL. */
describe('GraphQL over WebSocket: revocation made on another instance', () => {
  const SYNC_MS = 200;
  const deployments = useDeployments({ CACHE_SYNC_INTERVAL: `${SYNC_MS}ms` });

  async function twoInstances() {
    const a = await deployments.deploy({});
    const b = await deployments.deploy({});
    const user = await registerUser({ gql: (query, variables, options) => a.gql(query, variables, options?.token) });
    return { a, b, user };
  }

  test('logoutAll on A closes the socket on B with 4401 within the sync interval', async () => {
    const { a, b, user } = await twoInstances();
    const live = liveClient(b.url, { token: user.accessToken });
    await within(live.connected, 3_000, 'ack on B');
    subscribe(live.client, SESSION_EVENTS);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const revokedAt = Date.now();
    await a.gql(LOGOUT_ALL, {}, user.accessToken);
    expect(await within(live.closed, 3 * SYNC_MS + 1_000, 'close on B')).toEqual({ code: 4401, reason: 'Token revoked' });
    // One interval, plus the poll in flight and the re-check's store read: well under a second.
    expect(Date.now() - revokedAt).toBeLessThan(2 * SYNC_MS + 500);
  });

  test('logout of the token on A closes the socket opened with it on B', async () => {
    const { a, b, user } = await twoInstances();
    const live = liveClient(b.url, { token: user.accessToken });
    await within(live.connected, 3_000, 'ack on B');
    await a.gql(LOGOUT, { refreshToken: user.refreshToken }, user.accessToken);
    expect(await within(live.closed, 3 * SYNC_MS + 1_000, 'close on B')).toEqual({ code: 4401, reason: 'Session ended' });
  });
});

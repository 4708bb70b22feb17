import { useDeployments } from '../support/deployments';
import { LOGIN, registerUser, SET_USER_ROLES } from '../support/operations';
import { liveClient, subscribe, waitFor, within } from './support/live-client';

const SECURITY_EVENTS = 'subscription { securityEvents { event userId actorId ip requestId at } }';

/** securityEvents: the audit log as it is written, for ADMIN only, from every instance; a demoted admin's stream ends. */
describe('securityEvents (ADMIN)', () => {
  const SYNC_MS = 200;
  const deployments = useDeployments({ CACHE_SYNC_INTERVAL: `${SYNC_MS}ms` });
  const asServer = (deployment: { gql: (q: string, v?: Record<string, unknown>, t?: string) => any }) => ({
    gql: (query: string, variables?: Record<string, unknown>, options?: { token?: string }) => deployment.gql(query, variables, options?.token),
  });

  async function adminOn(url: string, token: string) {
    const live = liveClient(url, { token });
    await within(live.connected, 3_000, 'ack');
    const events = subscribe(live.client, SECURITY_EVENTS);
    await new Promise((resolve) => setTimeout(resolve, 150));
    return { live, events };
  }

  test('a login failure on A reaches the admin on A and on B (once each), with who, from where and the request id; never a secret', async () => {
    const a = await deployments.deploy({});
    const b = await deployments.deploy({});
    const admin = await registerUser(asServer(a));
    await deployments.stores.users.setRoles(admin.userId, ['USER', 'ADMIN']);
    const victim = await registerUser(asServer(a));
    const [onA, onB] = [await adminOn(a.url, admin.accessToken), await adminOn(b.url, admin.accessToken)];
    const wrongPassword = 'not-the-password-Zebra-42!';
    await a.gql(LOGIN, { input: { email: victim.email, password: wrongPassword } });
    const failure = (tab: typeof onA) => tab.events.results.find((result) => result.data?.securityEvents.event === 'login_failed');
    const expected = { event: 'login_failed', userId: victim.userId, actorId: null, ip: expect.any(String), requestId: expect.any(String), at: expect.any(String) };
    expect((await waitFor(() => failure(onA), 2_000, 'login_failed on A')).data?.securityEvents).toEqual(expected);
    expect((await waitFor(() => failure(onB), 3 * SYNC_MS + 1_000, 'login_failed on B')).data?.securityEvents).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 3 * SYNC_MS));
    for (const tab of [onA, onB]) {
      expect(tab.events.results.filter((result) => result.data?.securityEvents.event === 'login_failed')).toHaveLength(1);
      const everything = JSON.stringify(tab.events.results);
      for (const secret of [wrongPassword, victim.password, victim.accessToken, victim.refreshToken, admin.accessToken]) {
        expect(everything).not.toContain(secret);
      }
    }
    await Promise.all([onA.live.dispose(), onB.live.dispose()]);
  });

  test('a user without ADMIN gets FORBIDDEN on subscribe', async () => {
    const a = await deployments.deploy({});
    const user = await registerUser(asServer(a));
    const { live, events } = await adminOn(a.url, user.accessToken);
    await events.ended;
    // Refused at subscribe: one result carrying the error, then complete (as graphql-ws sends a failed subscribe).
    expect(events.results).toEqual([expect.objectContaining({ errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })] })]);
    expect(events.completed).toBe(true);
    await live.dispose();
  });

  test('ADMIN removed (here or on another instance): the stream ends with FORBIDDEN, the socket and sessionEvents go on', async () => {
    const a = await deployments.deploy({});
    const b = await deployments.deploy({});
    const root = await registerUser(asServer(a));
    const admin = await registerUser(asServer(a));
    for (const id of [root.userId, admin.userId]) await deployments.stores.users.setRoles(id, ['USER', 'ADMIN']);
    const onB = await adminOn(b.url, admin.accessToken);
    const secondTabOnB = await adminOn(b.url, admin.accessToken); // same token: one re-check, both streams end
    const session = subscribe(onB.live.client, 'subscription { sessionEvents { type } }');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await a.gql(SET_USER_ROLES, { userId: admin.userId, roles: ['USER'] }, root.accessToken);
    for (const tab of [onB, secondTabOnB]) {
      await within(tab.events.ended, 3 * SYNC_MS + 1_000, 'securityEvents ended on B');
      expect((tab.events.error as Array<{ extensions: { code: string } }>)[0].extensions.code).toBe('FORBIDDEN');
    }
    await secondTabOnB.live.dispose();
    expect((await session.result(1, 3 * SYNC_MS + 1_000)).data).toEqual({ sessionEvents: { type: 'ROLES_CHANGED' } });
    const stillOpen = await Promise.race([onB.live.closed, new Promise((resolve) => setTimeout(() => resolve('open'), 300))]);
    expect(stillOpen).toBe('open');
    await onB.live.dispose();
  });
});

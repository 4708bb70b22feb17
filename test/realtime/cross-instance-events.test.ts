import { BEGIN, codeAt, CONFIRM } from '../mfa/support/mfa-operations';
import { type Deployment, useDeployments } from '../support/deployments';
import { LOGIN, LOGOUT_ALL, registerUser, SET_USER_ROLES, type Session } from '../support/operations';
import { listening, within } from './support/live-client';

const REVOKE_SESSION = 'mutation Revoke($id: ID!) { revokeSession(id: $id) }';
const MY_SESSIONS = 'query { mySessions { id current } }';

/** Two instances on one store: events made on A reach the user's sockets on B through the store, within CACHE_SYNC_INTERVAL. */
describe('sessionEvents across instances', () => {
  const SYNC_MS = 200;
  const deployments = useDeployments({ CACHE_SYNC_INTERVAL: `${SYNC_MS}ms` });
  const WITHIN = 3 * SYNC_MS + 1_000;

  const asServer = (deployment: Deployment) => ({
    gql: (query: string, variables?: Record<string, unknown>, options?: { token?: string }) => deployment.gql(query, variables, options?.token),
  });


  const typesOf = (tab: { events: { results: Array<{ data?: any }> } }) => tab.events.results.map((result) => result.data?.sessionEvents.type);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 3 * SYNC_MS));

  async function secondLogin(on: Deployment, user: Session): Promise<Session> {
    const login = (await on.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data!.login;
    return { ...user, accessToken: login.accessToken, refreshToken: login.refreshToken };
  }

  test('SESSION_REVOKED made on A: the revoked tab on B hears it, then 4401; the tab on A hears it once, never twice', async () => {
    const a = await deployments.deploy({});
    const b = await deployments.deploy({});
    const user = await registerUser(asServer(a));
    const other = await secondLogin(a, user);
    const onA = await listening(a, user.accessToken);
    const onB = await listening(b, other.accessToken);
    const stranger = await listening(b, (await registerUser(asServer(a))).accessToken);
    const sessions = (await a.gql(MY_SESSIONS, {}, other.accessToken)).body.data!.mySessions as Array<{ id: string; current: boolean }>;
    const revokedId = sessions.find((session) => session.current)!.id;
    await a.gql(REVOKE_SESSION, { id: revokedId }, user.accessToken);
    expect((await within(onB.live.closed, WITHIN, 'close on B')).code).toBe(4401);
    expect(onB.events.results.map((result) => result.data?.sessionEvents)).toEqual([
      expect.objectContaining({ type: 'SESSION_REVOKED', sessionId: revokedId }),
    ]);
    await settle();
    expect(typesOf(onA)).toEqual(['SESSION_REVOKED']);
    expect(stranger.events.results).toEqual([]);
    await Promise.all([onA.live.dispose(), stranger.live.dispose()]);
  });

  test('ROLES_CHANGED, MFA_ENABLED and LOGGED_OUT_EVERYWHERE made on A reach the user on B, in order, each once; another user hears none', async () => {
    const a = await deployments.deploy({});
    const b = await deployments.deploy({});
    const user = await registerUser(asServer(a));
    const admin = await registerUser(asServer(a));
    await deployments.stores.users.setRoles(admin.userId, ['USER', 'ADMIN']);
    const secret = (await a.gql(BEGIN, {}, user.accessToken)).body.data!.beginTotpEnrollment.secret;
    const onB = await listening(b, user.accessToken);
    const stranger = await listening(b, admin.accessToken);
    await a.gql(SET_USER_ROLES, { userId: user.userId, roles: ['USER'] }, admin.accessToken);
    await onB.events.result(1, WITHIN);
    await a.gql(CONFIRM, { code: codeAt({ clock: deployments.clock }, secret) }, user.accessToken);
    await onB.events.result(2, WITHIN);
    await a.gql(LOGOUT_ALL, {}, user.accessToken);
    expect((await within(onB.live.closed, WITHIN, 'close on B')).code).toBe(4401);
    await settle();
    expect(typesOf(onB)).toEqual(['ROLES_CHANGED', 'MFA_ENABLED', 'LOGGED_OUT_EVERYWHERE']);
    expect(stranger.events.results).toEqual([]);
    await stranger.live.dispose();
  });
});

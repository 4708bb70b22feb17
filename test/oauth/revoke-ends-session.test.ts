import { errorOf, ME, REFRESH, registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { login, mySessions, sidOf } from '../sessions/support/session-operations';
import { introspect, OAUTH_ENV, revoke } from './support/oauth-client';

// RFC 7009 §2.1 lets revoking a refresh token end its grant: here the whole session, over real HTTP.
describe('POST /oauth/revoke of a refresh token ends its session', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: OAUTH_ENV });
  });
  afterAll(() => server.stop());

  test('the session\'s access token is refused at once (cached or not), its chain stops, other sessions live', async () => {
    const user = await registerUser(server);
    const gql: TestServer['gql'] = (...args) => server.gql(...args);
    const other = await login(gql, user);
    // Cached: the revocation must reach the authentication cache too.
    expect((await server.gql(ME, {}, { token: user.accessToken })).status).toBe(200);

    expect((await revoke(server, user.refreshToken, 'refresh_token')).status).toBe(200);
    const refused = await server.gql(ME, {}, { token: user.accessToken });
    expect(refused.status).toBe(401);
    expect(errorOf(refused).extensions.reason).toBe('TOKEN_REVOKED');
    expect((await introspect(server, user.accessToken)).json).toEqual({ active: false });
    expect(errorOf(await server.gql(REFRESH, { refreshToken: user.refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
    expect((await mySessions(gql, other.accessToken)).map((s) => s.id)).toEqual([sidOf(other.accessToken)]);
    expect((await server.gql(ME, {}, { token: other.accessToken })).status).toBe(200);
    expect((await introspect(server, other.refreshToken)).json.active).toBe(true);
  });

  test('a rotated-on session ends too: revoking its latest refresh token refuses the access token issued with it', async () => {
    const user = await registerUser(server);
    const rotated = (await server.gql(REFRESH, { refreshToken: user.refreshToken })).body.data!.refresh;
    expect((await revoke(server, rotated.refreshToken)).status).toBe(200);
    expect((await server.gql(ME, {}, { token: rotated.accessToken })).status).toBe(401);
  });

  test('revoking an access token ends that token only, not its session', async () => {
    const user = await registerUser(server);
    expect((await revoke(server, user.accessToken, 'access_token')).status).toBe(200);
    const refreshed = await server.gql(REFRESH, { refreshToken: user.refreshToken });
    expect((await server.gql(ME, {}, { token: refreshed.body.data!.refresh.accessToken })).status).toBe(200);
  });
});

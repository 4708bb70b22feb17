import { errorOf, ME, REFRESH, registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { CLIENT_ID, introspect, OAUTH_ENV, revoke } from './support/oauth-client';

// RFC 7009 over real HTTP: a trusted service ends a token; tokengate refuses it from then on.
describe('POST /oauth/revoke', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: OAUTH_ENV });
  });
  afterAll(() => server.stop());

  test('a revoked access token is inactive and refused by /graphql at once, even after it was cached', async () => {
    const user = await registerUser(server);
    // Verified once: the authentication cache now holds it; revocation must reach the cache too.
    expect((await server.gql(ME, {}, { token: user.accessToken })).body.data?.me.id).toBe(user.userId);
    const response = await revoke(server, user.accessToken, 'access_token');
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    expect((await introspect(server, user.accessToken)).json).toEqual({ active: false });
    const refused = await server.gql(ME, {}, { token: user.accessToken });
    expect(refused.status).toBe(401);
    expect(errorOf(refused).extensions.reason).toBe('TOKEN_REVOKED');
    // Only that token: the refresh token of the session is still live.
    expect((await introspect(server, user.refreshToken)).json.active).toBe(true);
  });

  test('a revoked refresh token (without a hint) no longer rotates and is inactive', async () => {
    const user = await registerUser(server);
    expect((await revoke(server, user.refreshToken)).status).toBe(200);
    expect((await introspect(server, user.refreshToken)).json).toEqual({ active: false });
    expect(errorOf(await server.gql(REFRESH, { refreshToken: user.refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
  });

  test('200 whatever the token: forged, unparsable, already revoked', async () => {
    const user = await registerUser(server);
    for (const token of ['not-a-jwt', `${user.accessToken.slice(0, -4)}AAAA`, user.accessToken, user.accessToken]) {
      const response = await revoke(server, token);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  test('a missing token is invalid_request; a revoke without client credentials is 401 and revokes nothing', async () => {
    const user = await registerUser(server);
    expect((await revoke(server, '')).json).toMatchObject({ error: 'invalid_request' });
    const refused = await revoke(server, user.accessToken, undefined, { authorization: null });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm="tokengate"/);
    expect((await introspect(server, user.accessToken)).json).toMatchObject({ active: true, client_id: CLIENT_ID });
  });
});

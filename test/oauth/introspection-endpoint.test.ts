import { keyIdOf } from '../../src/auth/tokens/jwt.backend';
import { errorOf, LOGIN, LOGOUT, LOGOUT_ALL, ME, REFRESH, registerAdmin, registerUser, SET_USER_ROLES, type Session } from '../support/operations';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { claimsOf, forgeJwt } from '../security/support/jwt-forge';
import {
  basic, CLIENT_ID, CLIENT_SECRET, introspect, OAUTH_ENV, originOf, OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, postForm,
} from './support/oauth-client';

// RFC 7662 over real HTTP: a trusted service asks whether a token is live, as the server itself would decide.
describe('POST /oauth/introspect', () => {
  let server: TestServer;
  let user: Session;

  beforeAll(async () => {
    server = await startTestServer({ env: OAUTH_ENV });
  });
  afterAll(() => server.stop());
  beforeEach(async () => {
    user = await registerUser(server);
  });

  const inactive = async (token: string, hint?: string) => {
    const response = await introspect(server, token, hint);
    expect(response.status).toBe(200);
    // RFC 7662 §2.2: nothing but active: false, whatever made it inactive.
    expect(response.json).toEqual({ active: false });
    expect(response.headers.get('cache-control')).toBe('no-store');
  };

  test('a live access token: active, with its claims, the user as stored now and the calling client', async () => {
    const response = await introspect(server, user.accessToken, 'access_token');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const claims = claimsOf(user.accessToken);
    expect(response.json).toEqual({
      active: true,
      token_type: 'access_token',
      sub: user.userId,
      client_id: CLIENT_ID,
      exp: claims.exp,
      iat: claims.iat,
      jti: claims.jti,
      iss: 'tokengate',
      aud: 'tokengate-api',
      sid: claims.sid,
      scope: 'profile:read profile:write',
      roles: ['USER'],
      email: user.email,
    });
  });

  test('scope and roles are those of the user as stored now, not as of issue (the scope claim of the token is older)', async () => {
    const admin = await registerAdmin(server);
    await server.gql(SET_USER_ROLES, { userId: user.userId, roles: ['USER', 'ADMIN'] }, { token: admin.accessToken });
    expect(claimsOf(user.accessToken).scope).toBe('profile:read profile:write');
    const response = await introspect(server, user.accessToken, 'access_token');
    expect(response.json).toMatchObject({
      active: true,
      roles: ['USER', 'ADMIN'],
      scope: 'profile:read profile:write sessions:read sessions:write users:read users:write',
    });
  });

  test('a live refresh token: active, token_type refresh_token, whichever hint (or none) is given', async () => {
    for (const hint of ['refresh_token', 'access_token', undefined, 'something_else']) {
      const response = await introspect(server, user.refreshToken, hint);
      expect(response.json).toMatchObject({ active: true, token_type: 'refresh_token', sub: user.userId, jti: claimsOf(user.refreshToken).jti });
    }
  });

  test('client_id names the client that asked', async () => {
    const response = await introspect(server, user.accessToken, undefined, { authorization: basic(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET) });
    expect(response.json).toMatchObject({ active: true, client_id: OTHER_CLIENT_ID });
  });

  test('after logout the access and refresh tokens are inactive at once', async () => {
    expect((await server.gql(LOGOUT, { refreshToken: user.refreshToken }, { token: user.accessToken })).body.data?.logout).toBe(true);
    await inactive(user.accessToken);
    await inactive(user.refreshToken, 'refresh_token');
  });

  test('after logoutAll (token version raised) every token of the user is inactive', async () => {
    const other = (await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data!.login;
    await server.gql(LOGOUT_ALL, {}, { token: user.accessToken });
    for (const token of [user.accessToken, user.refreshToken, other.accessToken, other.refreshToken]) await inactive(token);
  });

  test('an expired access token is inactive (ManualClock past exp)', async () => {
    server.clock.advanceSeconds(15 * 60 + 1);
    try {
      await inactive(user.accessToken);
      // The refresh token lives on: the clock is the only thing that changed.
      expect((await introspect(server, user.refreshToken)).json.active).toBe(true);
    } finally {
      server.clock.advanceSeconds(-(15 * 60 + 1));
    }
  });

  test('a token of a deleted user is inactive', async () => {
    // The memory store has no delete: a token naming a user that does not exist is the same case.
    const claims = { ...claimsOf(user.accessToken), sub: '000000000000000000000000', jti: 'deleted-user-token' };
    await inactive(forgeJwt({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(TEST_SECRET) }, claims, { secret: TEST_SECRET }));
  });

  test.each([
    ['forged (another key)', (token: string) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, claimsOf(token), { secret: 'x'.repeat(48) })],
    ['of another issuer', (token: string) =>
      forgeJwt({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(TEST_SECRET) }, { ...claimsOf(token), iss: 'evil' }, { secret: TEST_SECRET })],
    ['of another audience', (token: string) =>
      forgeJwt({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(TEST_SECRET) }, { ...claimsOf(token), aud: 'other-api' }, { secret: TEST_SECRET })],
    ['unsigned (alg none)', (token: string) => forgeJwt({ alg: 'none', typ: 'JWT' }, claimsOf(token), { secret: '', unsigned: true })],
    ['unparsable', () => 'not-a-jwt'],
    ['a tampered signature', (token: string) => `${token.slice(0, -4)}AAAA`],
  ])('a token %s is inactive', async (_name, make) => {
    await inactive(make(user.accessToken));
  });

  test('a device token is inactive: it is never an access or refresh token', async () => {
    const login = await server.gql(`mutation Login($input: LoginInput!) { login(input: $input) { accessToken deviceToken } }`, {
      input: { email: user.email, password: user.password },
    });
    const deviceToken = login.body.data!.login.deviceToken as string;
    expect(deviceToken).toMatch(/^ey/);
    await inactive(deviceToken);
  });

  test('a rotated refresh token is inactive, and introspecting it changes nothing: it still rotates only once', async () => {
    // Introspection before the rotation does not spend the token...
    expect((await introspect(server, user.refreshToken)).json.active).toBe(true);
    const rotated = await server.gql(REFRESH, { refreshToken: user.refreshToken });
    const successor = rotated.body.data!.refresh;
    await inactive(user.refreshToken);
    // ...and introspecting the spent one does not count as reuse: the successor pair still works.
    server.clock.advanceSeconds(60); // past the reuse grace window: a refresh now would be reuse
    try {
      await inactive(user.refreshToken);
      expect((await introspect(server, successor.accessToken)).json.active).toBe(true);
      expect((await server.gql(ME, {}, { token: successor.accessToken })).body.data?.me.id).toBe(user.userId);
      // The successor rotates exactly once more.
      expect((await server.gql(REFRESH, { refreshToken: successor.refreshToken })).body.data?.refresh.accessToken).toBeDefined();
      expect(errorOf(await server.gql(REFRESH, { refreshToken: successor.refreshToken }, { headers: { 'user-agent': 'another' } })).extensions.reason)
        .toBe('TOKEN_REVOKED');
    } finally {
      server.clock.advanceSeconds(-60);
    }
  });

  test('a form with charset and "+"-encoded values is read; a missing or empty token is invalid_request', async () => {
    const response = await postForm(server, '/oauth/introspect', { token: user.accessToken }, {
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    });
    expect(response.json.active).toBe(true);
    for (const form of [{}, { token: '' }, { token_type_hint: 'access_token' }] as Array<Record<string, string>>) {
      const refused = await postForm(server, '/oauth/introspect', form);
      expect(refused.status).toBe(400);
      expect(refused.json).toEqual({ error: 'invalid_request', error_description: 'The token parameter is required' });
    }
  });

  test('a parameter given twice is invalid_request (RFC 6749 §3.2)', async () => {
    const response = await fetch(`${originOf(server)}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(CLIENT_ID, CLIENT_SECRET) },
      body: `token=${user.accessToken}&token=x`,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  test('a JSON body is refused with 415 (RFC 7662 wants a form), and answers nothing about the token', async () => {
    const response = await fetch(`${originOf(server)}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(CLIENT_ID, CLIENT_SECRET) },
      body: JSON.stringify({ token: user.accessToken }),
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'The body must be application/x-www-form-urlencoded' });
  });

  test('/graphql still reads no form: a form POST is refused by the CSRF check, and unread even with the preflight header', async () => {
    const form = `query=${encodeURIComponent('{ __typename }')}`;
    const simple = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/CSRF/);
    // Past the CSRF check, the form parser of /oauth/* must not reach /graphql: no body, so nothing runs.
    const preflighted = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'apollo-require-preflight': 'true' },
      body: form,
    });
    expect(preflighted.status).toBe(400);
    expect(await preflighted.text()).not.toContain('__typename');
  });

  test('GET is not an introspection request', async () => {
    const response = await fetch(`${originOf(server)}/oauth/introspect?token=${user.accessToken}`, {
      headers: { authorization: basic(CLIENT_ID, CLIENT_SECRET) },
    });
    expect(response.status).toBe(404);
  });
});

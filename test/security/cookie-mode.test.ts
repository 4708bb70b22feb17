import { CHANGE_PASSWORD, errorOf, LOGIN, ME, PAYLOAD_FIELDS, REFRESH, REGISTER, uniqueEmail } from '../support/operations';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/test-server';
import { requireSetCookie } from './support/set-cookie';

const REFRESH_FROM_COOKIE = `mutation { refresh { ${PAYLOAD_FIELDS} } }`;
const LOGOUT_WITH_COOKIE = 'mutation { logout }';
const REFRESH_TTL_SECONDS = 7 * 24 * 3600;
/** The name wherever the cookie is Secure (every NODE_ENV but development). */
const COOKIE = '__Host-tokengate_refresh';
const DEVELOPMENT_COOKIE = 'tokengate_refresh';

/** The refresh Set-Cookie of a response, split into its value and attributes. */
const refreshCookieOf = (response: GraphQLResponse, name = COOKIE) => requireSetCookie(response, name);

const cookieHeader = (token: string, name = COOKIE) => ({ cookie: `other=1; ${name}=${encodeURIComponent(token)}` });

describe('browser mode: REFRESH_TOKEN_COOKIE=true', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { REFRESH_TOKEN_COOKIE: 'true' } });
  });
  afterAll(() => server?.stop());

  const register = async () => {
    const email = uniqueEmail();
    const response = await server.gql(REGISTER, { input: { email, password: 'correct horse battery' } });
    return { email, response, cookie: refreshCookieOf(response) };
  };

  test('register and login set the cookie with the exact contract and withhold the token from the body', async () => {
    const { email, response, cookie } = await register();
    expect(response.body.data?.register.refreshToken).toBeNull();
    expect(response.body.data?.register.accessToken).toEqual(expect.any(String));
    expect(cookie.value.split('.')).toHaveLength(3);
    expect(cookie.attributes).toEqual(
      expect.arrayContaining([`Max-Age=${REFRESH_TTL_SECONDS}`, 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']),
    );

    const login = await server.gql(LOGIN, { input: { email, password: 'correct horse battery' } });
    expect(login.body.data?.login.refreshToken).toBeNull();
    expect(refreshCookieOf(login).value).not.toBe(cookie.value);
  });

  test('refresh without the argument reads the cookie, rotates it, and the old one counts as reuse', async () => {
    const { cookie } = await register();
    const refreshed = await server.gql(REFRESH_FROM_COOKIE, {}, { headers: cookieHeader(cookie.value) });
    expect(refreshed.body.data?.refresh.refreshToken).toBeNull();
    const rotated = refreshCookieOf(refreshed);
    expect(rotated.value).not.toBe(cookie.value);
    expect((await server.gql(ME, {}, { token: refreshed.body.data?.refresh.accessToken })).body.data?.me).toBeTruthy();

    server.clock.advanceSeconds(server.config.jwt.refreshReuseGraceSeconds + 1); // past the reuse grace window
    const reuse = await server.gql(REFRESH_FROM_COOKIE, {}, { headers: cookieHeader(cookie.value) });
    expect(errorOf(reuse).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    // A refused cookie is cleared, so the browser stops sending it.
    expect(refreshCookieOf(reuse).value).toBe('');
    expect(refreshCookieOf(reuse).attributes).toEqual(expect.arrayContaining(['Path=/', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT']));
  });

  test('refresh with neither argument nor cookie answers BAD_USER_INPUT', async () => {
    const response = await server.gql(REFRESH_FROM_COOKIE, {}, { headers: { cookie: `unrelated=1; ${COOKIE}=` } });
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
  });

  test('logout revokes the cookie token and clears the cookie', async () => {
    const { response, cookie } = await register();
    const accessToken = response.body.data?.register.accessToken;
    const logout = await server.gql(LOGOUT_WITH_COOKIE, {}, { token: accessToken, headers: cookieHeader(cookie.value) });
    expect(logout.body).toEqual({ data: { logout: true } });
    expect(refreshCookieOf(logout).value).toBe('');
    const refused = await server.gql(REFRESH, { refreshToken: cookie.value });
    expect(errorOf(refused).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
  });

  test('logout with a garbage cookie still revokes the access token and clears the cookie', async () => {
    const { response } = await register();
    const accessToken = response.body.data?.register.accessToken;
    const logout = await server.gql(LOGOUT_WITH_COOKIE, {}, { token: accessToken, headers: cookieHeader('not-a-token') });
    expect(logout.body).toEqual({ data: { logout: true } });
    expect(refreshCookieOf(logout).value).toBe('');
    const after = await server.gql(ME, {}, { token: accessToken });
    expect(errorOf(after).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
  });

  test('changePassword moves the new refresh token into the cookie too', async () => {
    const { response } = await register();
    const changed = await server.gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: 'correct horse battery', newPassword: 'an even better password' } },
      { token: response.body.data?.register.accessToken },
    );
    expect(changed.body.data?.changePassword.refreshToken).toBeNull();
    expect(refreshCookieOf(changed).value.split('.')).toHaveLength(3);
  });
});

describe('browser mode in development', () => {
  test('the cookie is not Secure, so it works over plain-HTTP localhost, and keeps its plain name and Path=/graphql', async () => {
    const server = await startTestServer({ env: { REFRESH_TOKEN_COOKIE: 'true', NODE_ENV: 'development' } });
    try {
      const response = await server.gql(REGISTER, { input: { email: uniqueEmail(), password: 'correct horse battery' } });
      const { attributes } = refreshCookieOf(response, DEVELOPMENT_COOKIE);
      expect(attributes).not.toContain('Secure');
      expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/graphql']));
    } finally {
      await server.stop();
    }
  });
});

describe('without browser mode', () => {
  test('no cookie is set, the body carries the token, and a cookie alone does not refresh', async () => {
    const server = await startTestServer();
    try {
      const response = await server.gql(REGISTER, { input: { email: uniqueEmail(), password: 'correct horse battery' } });
      const refreshToken = response.body.data?.register.refreshToken;
      expect(refreshToken).toEqual(expect.any(String));
      expect(response.headers.getSetCookie()).toEqual([]);
      const cookieOnly = await server.gql(REFRESH_FROM_COOKIE, {}, { headers: cookieHeader(refreshToken) });
      expect(errorOf(cookieOnly).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
    } finally {
      await server.stop();
    }
  });
});

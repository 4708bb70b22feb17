import { errorOf, LOGIN, LOGOUT, ME, PAYLOAD_FIELDS, REFRESH, REGISTER, uniqueEmail } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { cookieHeader, requireSetCookie, setCookieNamed } from './support/set-cookie';

// Issue 11, item 13: attacks on browser mode's refresh cookie, over real HTTP. A sibling subdomain can
// plant a cookie of the same name (Domain=.example.com) that the browser sends beside the victim's; the
// server must neither pick one of the two nor let a bogus argument clear a good cookie.

const HOST_NAME = '__Host-tokengate_refresh';
/** Development's cookie; elsewhere the name used before the prefix, now only expired. */
const PLAIN_NAME = 'tokengate_refresh';
const REFRESH_FROM_COOKIE = `mutation { refresh { ${PAYLOAD_FIELDS} } }`;
const LOGOUT_WITH_COOKIE = 'mutation { logout }';
const PASSWORD = 'correct horse battery';
const EPOCH = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT';

/** Each attack runs in both cookie flavours: the Secure `__Host-` one and development's plain one. */
describe.each([
  { flavour: 'Secure (every NODE_ENV but development)', env: { NODE_ENV: 'test' }, name: HOST_NAME },
  { flavour: 'in development (not Secure)', env: { NODE_ENV: 'development' }, name: PLAIN_NAME },
])('browser mode refresh cookie, $flavour', ({ env, name }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { REFRESH_TOKEN_COOKIE: 'true', ...env } });
  });
  afterAll(() => server?.stop());

  /** A fresh account signed in through browser mode: its access token and the refresh cookie's value. */
  async function signedIn(): Promise<{ email: string; accessToken: string; cookie: string }> {
    const email = uniqueEmail();
    const response = await server.gql(REGISTER, { input: { email, password: PASSWORD } });
    return { email, accessToken: response.body.data?.register.accessToken, cookie: requireSetCookie(response, name).value };
  }
  const refreshWith = (cookie: { cookie: string }) => server.gql(REFRESH_FROM_COOKIE, {}, { headers: cookie });

  test("two refresh cookies (the victim's and one planted by a sibling subdomain): refresh is refused, nothing spent", async () => {
    const victim = await signedIn();
    const attacker = await signedIn();
    for (const order of [
      [attacker.cookie, victim.cookie],
      [victim.cookie, attacker.cookie],
    ]) {
      const response = await refreshWith(cookieHeader([name, order[0]], ['other', '1'], [name, order[1]]));
      expect(response.status).toBe(400);
      expect(response.body.data).toBeNull();
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_REQUEST' });
      expect(errorOf(response).message).toMatch(/refresh cookie was sent more than once/);
      expect(setCookieNamed(response, name)).toBeUndefined();
    }
    // An explicit argument does not make such a request acceptable either.
    const withArgument = await server.gql(REFRESH, { refreshToken: victim.cookie }, { headers: cookieHeader([name, victim.cookie], [name, attacker.cookie]) });
    expect(errorOf(withArgument).extensions.code).toBe('BAD_REQUEST');
    // Neither token was spent: each still refreshes into its own account.
    for (const { email, cookie } of [victim, attacker]) {
      const refreshed = await refreshWith(cookieHeader([name, cookie]));
      expect(refreshed.body.data?.refresh.user.email).toBe(email);
    }
  });

  test('two refresh cookies: logout is refused before anything is revoked', async () => {
    const victim = await signedIn();
    const attacker = await signedIn();
    const headers = cookieHeader([name, victim.cookie], [name, attacker.cookie]);
    const response = await server.gql(LOGOUT_WITH_COOKIE, {}, { token: victim.accessToken, headers });
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_REQUEST' });
    expect(setCookieNamed(response, name)).toBeUndefined();
    expect((await server.gql(ME, {}, { token: victim.accessToken })).body.data?.me.email).toBe(victim.email);
  });

  test('other operations ignore a doubled refresh cookie', async () => {
    const victim = await signedIn();
    const attacker = await signedIn();
    const headers = cookieHeader([name, attacker.cookie], [name, victim.cookie]);
    expect((await server.gql(ME, {}, { token: victim.accessToken, headers })).body.data?.me.email).toBe(victim.email);
    const login = await server.gql(LOGIN, { input: { email: victim.email, password: PASSWORD } }, { headers });
    expect(login.body.data?.login.user.email).toBe(victim.email);
    expect(requireSetCookie(login, name).value.split('.')).toHaveLength(3);
  });

  test('refresh with a bogus or spent argument fails and leaves a valid cookie alone', async () => {
    const victim = await signedIn();
    const spent = await signedIn();
    await refreshWith(cookieHeader([name, spent.cookie]));
    server.clock.advanceSeconds(server.config.jwt.refreshReuseGraceSeconds + 1);
    for (const refreshToken of ['bogus', spent.cookie]) {
      const response = await server.gql(REFRESH, { refreshToken }, { headers: cookieHeader([name, victim.cookie]) });
      expect(errorOf(response).extensions.code).toBe('UNAUTHENTICATED');
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    // The browser still holds the victim's cookie, and it still works.
    expect((await refreshWith(cookieHeader([name, victim.cookie]))).body.data?.refresh.user.email).toBe(victim.email);
  });

  test('logout with a bogus argument fails and leaves the cookie alone', async () => {
    const victim = await signedIn();
    const response = await server.gql(LOGOUT, { refreshToken: 'bogus' }, { token: victim.accessToken, headers: cookieHeader([name, victim.cookie]) });
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
    expect(response.headers.getSetCookie()).toEqual([]);
    expect((await refreshWith(cookieHeader([name, victim.cookie]))).body.data?.refresh.user.email).toBe(victim.email);
  });

});

describe('browser mode refresh cookie, Secure: name and migration', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { REFRESH_TOKEN_COOKIE: 'true', REFRESH_TOKEN_TTL: '2d' } });
  });
  afterAll(() => server?.stop());

  const refreshWith = (cookie: { cookie: string }) => server.gql(REFRESH_FROM_COOKIE, {}, { headers: cookie });
  async function signedIn(): Promise<{ email: string; cookie: string }> {
    const email = uniqueEmail();
    const response = await server.gql(REGISTER, { input: { email, password: PASSWORD } });
    return { email, cookie: requireSetCookie(response, HOST_NAME).value };
  }

  test('the cookie is __Host-tokengate_refresh: Secure, Path=/, no Domain, HttpOnly, SameSite=Strict', async () => {
    const response = await server.gql(REGISTER, { input: { email: uniqueEmail(), password: PASSWORD } });
    const { attributes } = requireSetCookie(response, HOST_NAME);
    expect(attributes).toEqual(expect.arrayContaining(['Max-Age=172800', 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']));
    expect(attributes.filter((attribute) => /^(Domain|Path)=/i.test(attribute))).toEqual(['Path=/']);
    expect(setCookieNamed(response, PLAIN_NAME)).toBeUndefined();
  });

  test('the old tokengate_refresh cookie is never read, and a request carrying it expires it at Path=/graphql', async () => {
    const victim = await signedIn();
    const onlyLegacy = await refreshWith(cookieHeader([PLAIN_NAME, victim.cookie]));
    expect(errorOf(onlyLegacy).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
    const expired = requireSetCookie(onlyLegacy, PLAIN_NAME);
    expect(expired.value).toBe('');
    expect(expired.attributes).toEqual(expect.arrayContaining(['Path=/graphql', EPOCH, 'HttpOnly', 'Secure', 'SameSite=Strict']));

    // Beside the new cookie it is still ignored (not a duplicate) and expired; the new cookie rotates as usual.
    const both = await refreshWith(cookieHeader([PLAIN_NAME, 'whatever'], [HOST_NAME, victim.cookie]));
    expect(both.body.data?.refresh.user.email).toBe(victim.email);
    expect(requireSetCookie(both, PLAIN_NAME).attributes).toContain(EPOCH);
    expect(requireSetCookie(both, HOST_NAME).value.split('.')).toHaveLength(3);

    // Any GraphQL request carrying it drops it; one without it gets no such header.
    expect(requireSetCookie(await server.gql('{ __typename }', {}, { headers: cookieHeader([PLAIN_NAME, 'x']) }), PLAIN_NAME).value).toBe('');
    expect((await server.gql('{ __typename }', {}, { headers: cookieHeader([HOST_NAME, victim.cookie]) })).headers.getSetCookie()).toEqual([]);
  });
});

describe('browser mode refresh cookie in development: name', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { REFRESH_TOKEN_COOKIE: 'true', NODE_ENV: 'development' } });
  });
  afterAll(() => server?.stop());

  test('keeps the plain name tokengate_refresh at Path=/graphql, without Secure, and reads it', async () => {
    const response = await server.gql(REGISTER, { input: { email: uniqueEmail(), password: PASSWORD } });
    const cookie = requireSetCookie(response, PLAIN_NAME);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['Path=/graphql', 'HttpOnly', 'SameSite=Strict']));
    expect(cookie.attributes).not.toContain('Secure');
    expect(setCookieNamed(response, HOST_NAME)).toBeUndefined();
    const refreshed = await server.gql(REFRESH_FROM_COOKIE, {}, { headers: cookieHeader([PLAIN_NAME, cookie.value]) });
    expect(refreshed.body.data?.refresh.accessToken).toEqual(expect.any(String));
    expect(requireSetCookie(refreshed, PLAIN_NAME).value.split('.')).toHaveLength(3);
  });

  test('expires nothing: the plain name is the current cookie there', async () => {
    const response = await server.gql('{ __typename }', {}, { headers: cookieHeader([PLAIN_NAME, 'x']) });
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});

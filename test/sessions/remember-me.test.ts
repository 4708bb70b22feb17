import { claimsOf as decoded } from '../security/support/jwt-forge';
import { requireSetCookie } from '../security/support/set-cookie';
import { errorOf, LOGIN, PAYLOAD_FIELDS, REFRESH, registerUser } from '../support/operations';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/test-server';
import { login, mySessions, sidOf } from './support/session-operations';

// "Remember me" and the session's absolute expiry: no refresh token, and no refresh cookie, outlives the session.
const HOUR = 3600;
const DAY = 24 * HOUR;
const COOKIE = '__Host-tokengate_refresh';
const claimsOf = (token: string) => decoded(token) as Record<string, number>;
const REFRESH_FROM_COOKIE = `mutation { refresh { ${PAYLOAD_FIELDS} } }`;
const maxAgeOf = (response: GraphQLResponse): string | undefined =>
  requireSetCookie(response, COOKIE).attributes.find((attribute) => /^max-age=/i.test(attribute));
const hasExpires = (response: GraphQLResponse): boolean =>
  requireSetCookie(response, COOKIE).attributes.some((attribute) => /^expires=/i.test(attribute));

describe('remember me and the session expiry cap', () => {
  describe('bearer mode (SESSION_MAX_LIFETIME=8d, REFRESH_TOKEN_TTL=7d)', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { SESSION_MAX_LIFETIME: '8d', SESSION_SHORT_LIFETIME: '12h' } });
    });
    afterAll(() => server?.stop());

    test('rememberMe defaults to true: a 8-day session, refresh tokens of 7 days, remembered', async () => {
      const user = await registerUser(server);
      const pair = await login((...args) => server.gql(...args), user);
      const refresh = claimsOf(pair.refreshToken);
      expect(refresh.exp - refresh.iat).toBe(7 * DAY);
      const current = (await mySessions((...args) => server.gql(...args), pair.accessToken)).find((s) => s.current)!;
      expect(current.remembered).toBe(true);
      expect(Date.parse(current.expiresAt) / 1000).toBe(refresh.auth_time + 8 * DAY);
    });

    test('rememberMe: false makes a 12-hour session: every token ends with it, and then refresh is refused', async () => {
      const user = await registerUser(server);
      const gql: TestServer['gql'] = (...args) => server.gql(...args);
      const pair = await login(gql, { ...user, rememberMe: false });
      const claims = claimsOf(pair.refreshToken);
      expect(claims.exp).toBe(claims.auth_time + 12 * HOUR);
      const current = (await mySessions(gql, pair.accessToken)).find((s) => s.current)!;
      expect(current).toMatchObject({ remembered: false, expiresAt: new Date((claims.auth_time + 12 * HOUR) * 1000).toISOString() });

      // Rotations keep the cap: 11 hours in, the new refresh token still ends at the session's end.
      server.clock.advanceSeconds(11 * HOUR);
      const rotated = (await gql(REFRESH, { refreshToken: pair.refreshToken })).body.data!.refresh;
      expect(claimsOf(rotated.refreshToken).exp).toBe(claims.auth_time + 12 * HOUR);
      expect(claimsOf(rotated.accessToken).exp).toBeLessThanOrEqual(claims.auth_time + 12 * HOUR);
      server.clock.advanceSeconds(HOUR);
      expect(errorOf(await gql(REFRESH, { refreshToken: rotated.refreshToken })).extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'TOKEN_EXPIRED',
      });
      // Gone from the list too.
      const fresh = await login(gql, user);
      expect((await mySessions(gql, fresh.accessToken)).map((s) => s.id)).not.toContain(sidOf(pair.accessToken));
    });

    test('near the absolute expiry a rotated refresh token ends with the session, not 7 days later', async () => {
      const user = await registerUser(server);
      const auth = claimsOf(user.refreshToken).auth_time;
      server.clock.advanceSeconds(6 * DAY);
      const first = (await server.gql(REFRESH, { refreshToken: user.refreshToken })).body.data!.refresh;
      server.clock.advanceSeconds(DAY);
      const second = (await server.gql(REFRESH, { refreshToken: first.refreshToken })).body.data!.refresh;
      expect(claimsOf(second.refreshToken).exp).toBe(auth + 8 * DAY);
    });

    test('rememberMe: null counts as the default (remembered)', async () => {
      const user = await registerUser(server);
      const response = await server.gql(LOGIN, { input: { email: user.email, password: user.password, rememberMe: null } });
      const claims = claimsOf(response.body.data!.login.refreshToken);
      expect(claims.exp - claims.iat).toBe(7 * DAY);
    });
  });

  describe('browser mode (REFRESH_TOKEN_COOKIE=true)', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { REFRESH_TOKEN_COOKIE: 'true', SESSION_MAX_LIFETIME: '8d' } });
    });
    afterAll(() => server?.stop());

    test('rememberMe: false sets a browser-session cookie (no Max-Age, no Expires), on login and on every refresh', async () => {
      const user = await registerUser(server);
      const response = await server.gql(LOGIN, { input: { email: user.email, password: user.password, rememberMe: false } });
      expect(maxAgeOf(response)).toBeUndefined();
      expect(hasExpires(response)).toBe(false);
      expect(requireSetCookie(response, COOKIE).attributes).toEqual(expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']));

      const cookie = requireSetCookie(response, COOKIE).value;
      const refreshed = await server.gql(REFRESH_FROM_COOKIE, {}, { headers: { cookie: `${COOKIE}=${encodeURIComponent(cookie)}` } });
      expect(refreshed.body.data?.refresh.accessToken).toEqual(expect.any(String));
      expect(maxAgeOf(refreshed)).toBeUndefined();
      expect(hasExpires(refreshed)).toBe(false);
    });

    test('a remembered session\'s cookie Max-Age is the refresh token\'s life, and never passes the session\'s end', async () => {
      const user = await registerUser(server);
      const response = await server.gql(LOGIN, { input: { email: user.email, password: user.password } });
      expect(maxAgeOf(response)).toBe(`Max-Age=${7 * DAY}`);
      expect(hasExpires(response)).toBe(true);

      // 7.5 days in, the 8-day session has half a day left: so has the cookie, though the refresh TTL is 7 days.
      server.clock.advanceSeconds(6 * DAY);
      let cookie = requireSetCookie(response, COOKIE).value;
      const first = await server.gql(REFRESH_FROM_COOKIE, {}, { headers: { cookie: `${COOKIE}=${encodeURIComponent(cookie)}` } });
      cookie = requireSetCookie(first, COOKIE).value;
      server.clock.advanceSeconds(1.5 * DAY);
      const second = await server.gql(REFRESH_FROM_COOKIE, {}, { headers: { cookie: `${COOKIE}=${encodeURIComponent(cookie)}` } });
      expect(maxAgeOf(second)).toBe(`Max-Age=${DAY / 2}`);
      expect(claimsOf(requireSetCookie(second, COOKIE).value).exp).toBe(claimsOf(cookie).auth_time + 8 * DAY);
    });
  });
});

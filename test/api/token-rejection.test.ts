import jwt from 'jsonwebtoken';
import { storeBackends, describeBackend } from '../support/test-stores';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { errorOf, LOGOUT, LOGOUT_ALL, ME, REFRESH, registerUser, type Session } from '../support/operations';

// Every way an Authorization header can be unusable, over HTTP: 401, WWW-Authenticate, code and reason.

const HOUR = 3600;
const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Claims as tokengate issues them for the session's user, at the server's current time. */
function accessClaims(server: TestServer, session: Session): Record<string, unknown> {
  const iat = Math.floor(server.clock.now() / 1000);
  const decoded = jwt.decode(session.accessToken) as Record<string, unknown>;
  return { ...decoded, iat, exp: iat + 900 };
}

type Case = [title: string, reason: string, header: (server: TestServer, session: Session) => string];

const CASES: Case[] = [
  ['an unknown scheme', 'TOKEN_MALFORMED', (_s, session) => `Basic ${session.accessToken}`],
  ['a scheme without a token', 'TOKEN_MALFORMED', () => 'Bearer'],
  ['a token with spaces in it', 'TOKEN_MALFORMED', (_s, session) => `Bearer ${session.accessToken} extra`],
  ['something that is not a JWT', 'TOKEN_MALFORMED', () => 'Bearer not-a-jwt'],
  ['a JWT whose payload is not JSON', 'TOKEN_MALFORMED', () => `Bearer ${base64url({ alg: 'HS256', typ: 'JWT' })}.${Buffer.from('not json').toString('base64url')}.c2ln`],
  ['a token over 8 KB', 'TOKEN_MALFORMED', () => `Bearer ${'a'.repeat(4000)}.${'b'.repeat(4200)}.c`],
  [
    'a tampered payload',
    'TOKEN_INVALID',
    (_s, session) => {
      const [header, payload, signature] = session.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      return `Bearer ${header}.${base64url({ ...claims, roles: ['USER', 'ADMIN'] })}.${signature}`;
    },
  ],
  [
    'alg: none',
    'TOKEN_INVALID',
    (server, session) => `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(accessClaims(server, session))}.`,
  ],
  ['another secret', 'TOKEN_INVALID', (server, session) => `Bearer ${jwt.sign(accessClaims(server, session), 'x'.repeat(48))}`],
  ['another algorithm (HS512)', 'TOKEN_INVALID', (server, session) => `Bearer ${jwt.sign(accessClaims(server, session), TEST_SECRET, { algorithm: 'HS512' })}`],
  ['another issuer', 'TOKEN_INVALID', (server, session) => `Bearer ${jwt.sign({ ...accessClaims(server, session), iss: 'evil' }, TEST_SECRET)}`],
  ['another audience', 'TOKEN_INVALID', (server, session) => `Bearer ${jwt.sign({ ...accessClaims(server, session), aud: 'other-api' }, TEST_SECRET)}`],
  ['a refresh token', 'TOKEN_INVALID', (_s, session) => `Bearer ${session.refreshToken}`],
  [
    'no exp',
    'TOKEN_INVALID',
    (server, session) => {
      const { exp: _exp, ...claims } = accessClaims(server, session);
      return `Bearer ${jwt.sign(claims, TEST_SECRET)}`;
    },
  ],
  ['a numeric sub', 'TOKEN_INVALID', (server, session) => `Bearer ${jwt.sign({ ...accessClaims(server, session), sub: 42 }, TEST_SECRET)}`],
  ['an expired token', 'TOKEN_EXPIRED', (server, session) => {
    const claims = accessClaims(server, session);
    return `Bearer ${jwt.sign({ ...claims, iat: (claims.iat as number) - 2 * HOUR, exp: (claims.iat as number) - HOUR }, TEST_SECRET)}`;
  }],
  ['a stale token version', 'TOKEN_REVOKED', (server, session) => `Bearer ${jwt.sign({ ...accessClaims(server, session), ver: 7 }, TEST_SECRET)}`],
  ['a user that does not exist', 'TOKEN_REVOKED', (server, session) => `Bearer ${jwt.sign({ ...accessClaims(server, session), sub: '0123456789abcdef01234567' }, TEST_SECRET)}`],
];

for (const backend of storeBackends()) {
  describeBackend(backend, 'access token rejection', () => {
    let server: TestServer;
    let session: Session;
    beforeAll(async () => {
      server = await startTestServer({ backend, label: 'rejection' });
      session = await registerUser(server);
    });
    afterAll(() => server?.stop());

    test('the genuine token is accepted (so each refusal below is about its one defect)', async () => {
      const response = await server.gql(ME, {}, { token: session.accessToken });
      expect(response.body.data?.me.email).toBe(session.email);
    });

    test.each(CASES)('refuses %s with 401 and reason %s', async (_title, reason, header) => {
      const response = await server.gql(ME, {}, { headers: { authorization: header(server, session) } });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expect(response.body.data).toBeUndefined();
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
    });

    test('a bad header refuses even a request for public fields (the client must know)', async () => {
      const response = await server.gql('query { __typename }', {}, { headers: { authorization: 'Bearer junk' } });
      expect(response.status).toBe(401);
      expect(errorOf(response).extensions.reason).toBe('TOKEN_MALFORMED');
    });

    test('an empty Authorization header is anonymous, not an error', async () => {
      const response = await server.gql('query { __typename }', {}, { headers: { authorization: '' } });
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ __typename: 'Query' });
    });

    test('the scheme is case-insensitive, as RFC 7235 says', async () => {
      const response = await server.gql(ME, {}, { headers: { authorization: `bearer ${session.accessToken}` } });
      expect(response.body.data?.me.id).toBe(session.userId);
    });

    test('a token expires exactly at exp, by the server clock', async () => {
      const fresh = await registerUser(server);
      server.clock.advanceSeconds(server.config.jwt.accessTokenTtlSeconds - 1);
      expect((await server.gql(ME, {}, { token: fresh.accessToken })).status).toBe(200);
      server.clock.advanceSeconds(1);
      const expired = await server.gql(ME, {}, { token: fresh.accessToken });
      expect(expired.status).toBe(401);
      expect(errorOf(expired).extensions.reason).toBe('TOKEN_EXPIRED');
      // The refresh token outlives it and still works.
      const refreshed = await server.gql(REFRESH, { refreshToken: fresh.refreshToken });
      expect(refreshed.body.data?.refresh.accessToken).toEqual(expect.any(String));
    });

    test('after logoutAll, tokens issued before it are refused with TOKEN_REVOKED', async () => {
      const victim = await registerUser(server);
      expect((await server.gql(LOGOUT_ALL, {}, { token: victim.accessToken })).body.data).toEqual({ logoutAll: true });
      const response = await server.gql(ME, {}, { token: victim.accessToken });
      expect(response.status).toBe(401);
      expect(errorOf(response).extensions.reason).toBe('TOKEN_REVOKED');
    });
  });

  describeBackend(backend, 'refresh token rejection', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ backend, label: 'refresh-rejection' });
    });
    afterAll(() => server?.stop());

    test.each<[string, string, (session: Session) => string]>([
      ['an access token', 'TOKEN_INVALID', (session) => session.accessToken],
      ['garbage', 'TOKEN_MALFORMED', () => 'garbage'],
      ['a forged refresh token', 'TOKEN_INVALID', (session) => jwt.sign({ ...(jwt.decode(session.refreshToken) as object) }, 'y'.repeat(40))],
    ])('refresh with %s answers UNAUTHENTICATED %s (an ordinary GraphQL error, HTTP 200)', async (_title, reason, token) => {
      const session = await registerUser(server);
      const response = await server.gql(REFRESH, { refreshToken: token(session) });
      expect(response.status).toBe(200);
      expect(response.body.data).toBeNull();
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
    });

    test('an expired refresh token answers TOKEN_EXPIRED', async () => {
      const session = await registerUser(server);
      server.clock.advanceSeconds(server.config.jwt.refreshTokenTtlSeconds);
      const response = await server.gql(REFRESH, { refreshToken: session.refreshToken });
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    });

    test('a refresh token revoked by logout answers TOKEN_REVOKED and does not count as reuse', async () => {
      const session = await registerUser(server);
      await server.gql(LOGOUT, { refreshToken: session.refreshToken }, { token: session.accessToken });
      const response = await server.gql(REFRESH, { refreshToken: session.refreshToken });
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    });
  });
}

import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { errorOf, LOGIN, LOGOUT, ME, REFRESH, registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

// JWT_ALGORITHM=RS256/PS256/ES256 over real HTTP: the whole session life works, access tokens are signed with
// the published key (kid = thumbprint, typ at+jwt), refresh tokens with the internal HMAC key, never the reverse.
const headerOf = (token: string) => jwt.decode(token, { complete: true })!.header as unknown as Record<string, unknown>;
const claimsOf = (token: string) => jwt.decode(token) as Record<string, unknown>;

describe.each(['ES256', 'RS256', 'PS256'])('JWT_ALGORITHM=%s', (algorithm) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { JWT_ALGORITHM: algorithm } });
  });
  afterAll(() => server?.stop());

  test('register, login, refresh, me and logout all work', async () => {
    const session = await registerUser(server);
    expect((await server.gql(ME, {}, { token: session.accessToken })).body.data?.me.id).toBe(session.userId);
    const login = (await server.gql(LOGIN, { input: { email: session.email, password: session.password } })).body.data?.login;
    expect(login?.user.id).toBe(session.userId);
    const refreshed = (await server.gql(REFRESH, { refreshToken: login.refreshToken })).body.data?.refresh;
    expect((await server.gql(ME, {}, { token: refreshed.accessToken })).body.data?.me.id).toBe(session.userId);
    expect((await server.gql(LOGOUT, { refreshToken: refreshed.refreshToken }, { token: refreshed.accessToken })).body).toEqual({ data: { logout: true } });
    expect(errorOf(await server.gql(REFRESH, { refreshToken: refreshed.refreshToken })).extensions.code).toBe('UNAUTHENTICATED');
  });

  test('an access token names the current key by its thumbprint and says at+jwt; a refresh token is HS256 with no published kid', async () => {
    const session = await registerUser(server);
    const ring = server.config.jwt.signingKeys!.ring;
    expect(headerOf(session.accessToken)).toEqual({ alg: algorithm, typ: 'at+jwt', kid: ring.current.kid });
    const refreshHeader = headerOf(session.refreshToken);
    expect(refreshHeader.alg).toBe('HS256');
    expect(refreshHeader.kid).not.toBe(ring.current.kid);
    // The access token verifies with the public key alone: what a resource server has.
    expect(jwt.verify(session.accessToken, ring.current.publicKey, { algorithms: [algorithm as jwt.Algorithm] })).toMatchObject({ sub: session.userId, typ: 'access' });
  });

  test('a refresh token is never an access token, nor an access token a refresh token', async () => {
    const session = await registerUser(server);
    expect(errorOf(await server.gql(ME, {}, { token: session.refreshToken })).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    expect(errorOf(await server.gql(REFRESH, { refreshToken: session.accessToken })).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });

  test('an access token HMAC-signed with JWT_SECRET (the internal key) is refused: the algorithm is pinned per type', async () => {
    const session = await registerUser(server);
    const claims = claimsOf(session.accessToken);
    const forged = hs256({ alg: 'HS256', typ: 'at+jwt', kid: headerOf(session.accessToken).kid }, claims, server.config.jwt.secret);
    expect(errorOf(await server.gql(ME, {}, { token: forged })).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });

  test('an access token without typ at+jwt is refused, even validly signed', async () => {
    const session = await registerUser(server);
    const ring = server.config.jwt.signingKeys!.ring;
    const token = jwt.sign(claimsOf(session.accessToken), ring.current.privateKey, { algorithm: algorithm as jwt.Algorithm, keyid: ring.current.kid });
    expect(errorOf(await server.gql(ME, {}, { token })).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });
});

function hs256(header: object, claims: object, secret: string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

import { createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ecKeyPair, PRIVATE_JWK_MEMBERS, temporaryDirectory } from '../keys/support/key-material';
import { registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

// GET /.well-known/jwks.json over real HTTP: what a resource server fetches to verify access tokens offline.
const tmp = temporaryDirectory('jwks-route');
afterAll(() => tmp.remove());
const next = ecKeyPair();
const previous = ecKeyPair();
const jwksUrl = (server: TestServer) => new URL('/.well-known/jwks.json', server.url).toString();

describe.each(['ES256', 'RS256', 'PS256'])('GET /.well-known/jwks.json with JWT_ALGORITHM=%s', (algorithm) => {
  let server: TestServer;
  beforeAll(async () => {
    const keys: Record<string, string> = algorithm === 'ES256'
      ? { JWT_NEXT_PRIVATE_KEY_FILE: tmp.file('next.pem', next.privatePem), JWT_PREVIOUS_PUBLIC_KEY_FILES: tmp.file('previous.pub.pem', previous.publicPem) }
      : {};
    server = await startTestServer({ env: { JWT_ALGORITHM: algorithm, JWKS_MAX_AGE: '120', ...keys } });
  });
  afterAll(() => server?.stop());

  test('lists the public keys, nothing private, cacheable for JWKS_MAX_AGE, readable from any origin', async () => {
    const response = await fetch(jwksUrl(server), { headers: { origin: 'https://elsewhere.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=120');
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
    const ring = server.config.jwt.signingKeys!.ring;
    expect(keys.map((key) => key.kid)).toEqual([ring.current.kid, ...(ring.next ? [ring.next.kid] : []), ...ring.previous.map((key) => key.kid)]);
    expect(keys).toHaveLength(algorithm === 'ES256' ? 3 : 1);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: algorithm === 'ES256' ? 'EC' : 'RSA', alg: algorithm, use: 'sig' });
      for (const member of PRIVATE_JWK_MEMBERS) expect(key).not.toHaveProperty(member);
    }
  });

  test('an access token verifies with the published key its kid names, using node:crypto alone', async () => {
    const session = await registerUser(server);
    const { keys } = (await (await fetch(jwksUrl(server))).json()) as { keys: Array<Record<string, string>> };
    const { kid, alg, typ } = jwt.decode(session.accessToken, { complete: true })!.header as unknown as Record<string, string>;
    expect({ alg, typ }).toEqual({ alg: algorithm, typ: 'at+jwt' });
    const jwk = keys.find((key) => key.kid === kid)!;
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    const claims = jwt.verify(session.accessToken, publicKey, {
      algorithms: [algorithm as jwt.Algorithm],
      issuer: server.config.jwt.issuer,
      audience: server.config.jwt.audience,
    });
    expect(claims).toMatchObject({ sub: session.userId, typ: 'access' });
    // The refresh token is signed with the internal key: no published key verifies it.
    for (const key of keys) {
      expect(() => jwt.verify(session.refreshToken, createPublicKey({ key, format: 'jwk' }), { algorithms: [algorithm as jwt.Algorithm] })).toThrow();
    }
  });

  test('answers 304 without a body to If-None-Match with its ETag (weak or in a list too)', async () => {
    const etag = (await fetch(jwksUrl(server))).headers.get('etag')!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await fetch(jwksUrl(server), { headers: { 'if-none-match': ifNoneMatch } });
      expect(response.status).toBe(304);
      expect(response.headers.get('etag')).toBe(etag);
      expect(await response.text()).toBe('');
    }
    expect((await fetch(jwksUrl(server), { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });
});

test.each(['HS256', 'HS512'])('with JWT_ALGORITHM=%s the JWKS answers 404 with a JSON error: a secret is never published', async (algorithm) => {
  const server = await startTestServer({ env: { JWT_ALGORITHM: algorithm } });
  try {
    const response = await fetch(jwksUrl(server));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors).toEqual([{ message: expect.stringContaining('HMAC'), extensions: { code: 'BAD_REQUEST' } }]);
    expect(JSON.stringify(body)).not.toContain(server.config.jwt.secret);
  } finally {
    await server.stop();
  }
});

import { keyIdOf, MAX_TOKEN_LENGTH } from '../../src/auth/tokens/jwt.backend';
import type { TokenFailureReason } from '../../src/errors/error-codes';
import { errorOf, ME, REFRESH, registerUser, type Session } from '../support/operations';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { claimsOf, forgeJwt } from './support/jwt-forge';

// RFC 8725 attacks on the access token, each sent over HTTP as `Authorization: Bearer <forged token>`.
const KID = keyIdOf(TEST_SECRET);
const HEADER = { alg: 'HS256', typ: 'JWT', kid: KID };
type Claims = Record<string, unknown>;

interface Attack {
  name: string;
  reason: TokenFailureReason;
  token(claims: Claims, now: number): string;
}

const sign = (payload: string | object, header: string | object = HEADER) => forgeJwt(header, payload, { secret: TEST_SECRET });
const without = (claims: Claims, name: string): Claims => Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));
const rawJson = (claims: Claims): string => JSON.stringify(claims).slice(1, -1);

const ATTACKS: Attack[] = [
  ...['none', 'None', 'NONE', 'nOnE'].map(
    (alg): Attack => ({
      name: `alg "${alg}" without a signature`,
      reason: 'TOKEN_INVALID',
      token: (claims) => forgeJwt({ alg, typ: 'JWT' }, claims, { secret: TEST_SECRET, unsigned: true }),
    }),
  ),
  { name: 'alg "none" with a valid-looking HMAC signature', reason: 'TOKEN_INVALID',
    token: (claims) => sign(claims, { alg: 'none', typ: 'JWT', kid: KID }) },
  { name: 'HS512 when HS256 is configured', reason: 'TOKEN_INVALID', token: (claims) => sign(claims, { ...HEADER, alg: 'HS512' }) },
  { name: 'RS256 header, HMAC-signed with the secret (key confusion)', reason: 'TOKEN_INVALID',
    token: (claims) => sign(claims, { ...HEADER, alg: 'RS256' }) },
  { name: 'ES256 header, HMAC-signed with the secret', reason: 'TOKEN_INVALID', token: (claims) => sign(claims, { ...HEADER, alg: 'ES256' }) },
  { name: 'alg "hs256" (wrong casing)', reason: 'TOKEN_INVALID', token: (claims) => sign(claims, { ...HEADER, alg: 'hs256' }) },
  ...(['jku', 'x5u'] as const).map(
    (name): Attack => ({ name: `a "${name}" header`, reason: 'TOKEN_INVALID',
      token: (claims) => sign(claims, { ...HEADER, [name]: 'https://attacker.example/keys.json' }) }),
  ),
  { name: 'an embedded "jwk" header', reason: 'TOKEN_INVALID',
    token: (claims) => sign(claims, { ...HEADER, jwk: { kty: 'oct', k: Buffer.from(TEST_SECRET).toString('base64url') } }) },
  { name: 'an "x5c" header', reason: 'TOKEN_INVALID', token: (claims) => sign(claims, { ...HEADER, x5c: ['MIIBIjANBg=='] }) },
  { name: 'a "crit" header', reason: 'TOKEN_INVALID', token: (claims) => sign(claims, { ...HEADER, crit: ['exp'] }) },
  { name: 'an unknown kid', reason: 'TOKEN_INVALID', token: (claims) => sign(claims, { ...HEADER, kid: 'some-other-key' }) },
  { name: 'a numeric kid', reason: 'TOKEN_INVALID', token: (claims) => sign(claims, { ...HEADER, kid: 1 }) },
  { name: 'nbf a minute in the future', reason: 'TOKEN_INVALID', token: (claims, now) => sign({ ...claims, nbf: now + 60 }) },
  { name: 'no iat', reason: 'TOKEN_INVALID', token: (claims) => sign(without(claims, 'iat')) },
  { name: 'a string iat', reason: 'TOKEN_INVALID', token: (claims, now) => sign({ ...claims, iat: String(now) }) },
  { name: 'iat 31 s in the future (beyond the leeway)', reason: 'TOKEN_INVALID', token: (claims, now) => sign({ ...claims, iat: now + 31 }) },
  { name: 'no exp', reason: 'TOKEN_INVALID', token: (claims) => sign(without(claims, 'exp')) },
  { name: 'exp in the past', reason: 'TOKEN_EXPIRED', token: (claims, now) => sign({ ...claims, exp: now - 1 }) },
  { name: 'no jti', reason: 'TOKEN_INVALID', token: (claims) => sign(without(claims, 'jti')) },
  { name: 'a numeric sub', reason: 'TOKEN_INVALID', token: (claims) => sign({ ...claims, sub: 42 }) },
  { name: 'an empty sub', reason: 'TOKEN_INVALID', token: (claims) => sign({ ...claims, sub: '' }) },
  { name: 'an object sub', reason: 'TOKEN_INVALID', token: (claims) => sign({ ...claims, sub: { $ne: null } }) },
  { name: 'a duplicate "alg" in the header', reason: 'TOKEN_MALFORMED',
    token: (claims) => sign(claims, `{"alg":"none","typ":"JWT","kid":"${KID}","alg":"HS256"}`) },
  { name: 'a duplicate "sub" in the payload', reason: 'TOKEN_MALFORMED',
    token: (claims) => sign(`{${rawJson(claims)},"sub":"0123456789abcdef01234567"}`) },
  { name: 'a duplicate "sub" spelled with a unicode escape', reason: 'TOKEN_MALFORMED',
    token: (claims) => sign(`{${rawJson(claims)},"s\\u0075b":"0123456789abcdef01234567"}`) },
  { name: 'a duplicate key in a nested payload object', reason: 'TOKEN_MALFORMED',
    token: (claims) => sign(`{${rawJson(claims)},"meta":{"a":1,"a":2}}`) },
  { name: 'a payload that is not JSON', reason: 'TOKEN_MALFORMED', token: () => sign('{"sub":') },
  { name: 'a payload that is a JSON array', reason: 'TOKEN_MALFORMED', token: (claims) => sign([claims]) },
  { name: 'a header that is not JSON', reason: 'TOKEN_MALFORMED', token: (claims) => sign(claims, 'alg=HS256') },
  { name: `a token over ${MAX_TOKEN_LENGTH} bytes, otherwise valid`, reason: 'TOKEN_MALFORMED',
    token: (claims) => sign({ ...claims, pad: 'x'.repeat(MAX_TOKEN_LENGTH) }) },
];

describe('JWT attacks over HTTP (RFC 8725)', () => {
  let server: TestServer;
  let session: Session;
  let claims: Claims;
  const nowSeconds = () => Math.floor(server.clock.now() / 1000);
  const me = (token: string) => server.gql(ME, {}, { token });

  beforeAll(async () => {
    server = await startTestServer();
    session = await registerUser(server);
    claims = claimsOf(session.accessToken);
  });
  afterAll(() => server?.stop());

  test('control: a forged token with the real secret, kid and every claim is accepted', async () => {
    const response = await me(sign({ ...claims, jti: 'forged-but-valid' }));
    expect(response.body.data?.me.id).toBe(session.userId);
  });

  test('control: iat up to 30 s ahead of the clock is within the leeway', async () => {
    const response = await me(sign({ ...claims, jti: 'skewed-clock', iat: nowSeconds() + 30 }));
    expect(response.body.data?.me.id).toBe(session.userId);
  });

  test('control: a token without kid (issued before key ids) is verified with the current key', async () => {
    const response = await me(sign({ ...claims, jti: 'no-kid' }, { alg: 'HS256', typ: 'JWT' }));
    expect(response.body.data?.me.id).toBe(session.userId);
  });

  test.each(ATTACKS)('refuses $name with 401 and $reason', async ({ token, reason }) => {
    const response = await me(token({ ...claims }, nowSeconds()));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
  });

  test.each(ATTACKS.filter((attack) => /none|duplicate|kid|iat/.test(attack.name)))(
    'refuses $name as a refresh token too',
    async ({ token, reason }) => {
      const refreshClaims = claimsOf(session.refreshToken);
      const response = await server.gql(REFRESH, { refreshToken: token({ ...refreshClaims }, nowSeconds()) });
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
      expect(response.body.data).toBeNull();
    },
  );

  test('refuses an HS256 token when HS512 is configured', async () => {
    const strict = await startTestServer({ env: { JWT_ALGORITHM: 'HS512' } });
    try {
      const response = await strict.gql(ME, {}, { token: sign({ ...claims, jti: 'hs256-on-hs512' }) });
      expect(response.status).toBe(401);
      expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    } finally {
      await strict.stop();
    }
  });
});

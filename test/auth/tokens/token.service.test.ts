import jwt from 'jsonwebtoken';
import { type Config, type JwtAlgorithm, loadConfig } from '../../../src/config/config';
import { keyIdOf, MAX_TOKEN_LENGTH } from '../../../src/auth/tokens/jwt.backend';
import { TokenError } from '../../../src/auth/tokens/token.errors';
import { type AccessClaims, type TokenPair, TokenService } from '../../../src/auth/tokens/token.service';
import type { TokenFailureReason } from '../../../src/errors/error-codes';
import { ManualClock } from '../../../src/lib/clock';
import type { UserRecord } from '../../../src/stores/user.store';

const SECRET = 'a-token-test-secret-of-at-least-32-bytes';
const OTHER_SECRET = 'another-secret-that-is-also-32-bytes-long';
// A fixed instant with milliseconds, so iat must be floored and nothing depends on the real time.
const START_MS = Date.UTC(2030, 0, 1, 12, 0, 0, 750);
const START_S = Math.floor(START_MS / 1000);
const ACCESS_TTL = 900;
const REFRESH_TTL = 604_800;

const USER: UserRecord = {
  id: '0123456789abcdef01234567',
  email: 'ada@example.com',
  name: 'Ada',
  roles: ['USER', 'ADMIN'],
  tokenVersion: 3,
  passwordHash: '$2b$04$never-in-a-token',
  createdAt: new Date(START_MS),
  emailVerified: true,
};

const jwtConfig = (env: Record<string, string> = {}): Config['jwt'] => loadConfig({ JWT_SECRET: SECRET, ...env }).jwt;
const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The TokenError a verification throws; fails the test when the token is accepted or anything else is thrown. */
function refusal(verify: () => unknown): TokenError {
  let thrown: unknown;
  try {
    verify();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TokenError);
  return thrown as TokenError;
}

interface Fixture {
  clock: ManualClock;
  service: TokenService;
  pair: TokenPair;
  /** Signs claims directly with jsonwebtoken, as an attacker or a buggy issuer could. */
  sign(claims: object, options?: { secret?: string; algorithm?: jwt.Algorithm }): string;
  /** Access claims exactly as issued, but editable. */
  accessClaims(): Record<string, unknown>;
}

function fixture(): Fixture {
  const clock = new ManualClock(START_MS);
  const service = new TokenService(jwtConfig(), clock);
  const pair = service.issuePair(USER);
  return {
    clock,
    service,
    pair,
    sign: (claims, options = {}) =>
      jwt.sign(claims, options.secret ?? SECRET, { algorithm: options.algorithm ?? 'HS256' }),
    accessClaims: () => ({ ...pair.access, jti: 'hand-made-jti' }),
  };
}

const without = (claims: Record<string, unknown>, name: string): Record<string, unknown> => {
  const { [name]: _removed, ...rest } = claims;
  return rest;
};

type Verifier = 'verifyAccess' | 'verifyRefresh';
interface RejectionCase {
  name: string;
  verifier: Verifier;
  reason: TokenFailureReason;
  token(f: Fixture): string;
}

const REJECTIONS: RejectionCase[] = [
  { name: 'an access token at its exp', verifier: 'verifyAccess', reason: 'TOKEN_EXPIRED',
    token: (f) => (f.clock.advanceSeconds(ACCESS_TTL), f.pair.accessToken) },
  { name: 'a refresh token past its exp', verifier: 'verifyRefresh', reason: 'TOKEN_EXPIRED',
    token: (f) => (f.clock.advanceSeconds(REFRESH_TTL + 1), f.pair.refreshToken) },
  { name: 'a token whose payload was tampered with', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => {
      const [header, , signature] = f.pair.accessToken.split('.');
      return [header, base64url({ ...f.pair.access, roles: ['ADMIN', 'ROOT'] }), signature].join('.');
    } },
  { name: 'a token signed with another secret', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign(f.accessClaims(), { secret: OTHER_SECRET }) },
  // jsonwebtoken answers "jwt signature is required": a refusal, reported as TOKEN_INVALID.
  { name: 'an alg:none token without a signature', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(f.accessClaims())}.` },
  { name: 'an alg:none token with a stray signature', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(f.accessClaims())}.c2ln` },
  { name: 'an HS512 token when HS256 is configured', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign(f.accessClaims(), { algorithm: 'HS512' }) },
  { name: 'a token from another issuer', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign({ ...f.accessClaims(), iss: 'evil-issuer' }) },
  { name: 'a token for another audience', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign({ ...f.accessClaims(), aud: 'another-api' }) },
  { name: 'a refresh token used as an access token', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.pair.refreshToken },
  { name: 'an access token used as a refresh token', verifier: 'verifyRefresh', reason: 'TOKEN_INVALID',
    token: (f) => f.pair.accessToken },
  { name: 'a token without exp', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign(without(f.accessClaims(), 'exp')) },
  { name: 'a token without jti', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign(without(f.accessClaims(), 'jti')) },
  { name: 'a token with an empty jti', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign({ ...f.accessClaims(), jti: '' }) },
  { name: 'a token without typ', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign(without(f.accessClaims(), 'typ')) },
  { name: 'a token with a numeric sub', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign({ ...f.accessClaims(), sub: 42 }) },
  { name: 'a token with a fractional ver', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign({ ...f.accessClaims(), ver: 1.5 }) },
  { name: 'a token with a string ver', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign({ ...f.accessClaims(), ver: '3' }) },
  { name: 'a token with a negative ver', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign({ ...f.accessClaims(), ver: -1 }) },
  { name: 'an access token without roles', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign(without(f.accessClaims(), 'roles')) },
  { name: 'an access token living longer than ACCESS_TOKEN_TTL + 5 s', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign({ ...f.accessClaims(), exp: START_S + ACCESS_TTL + 6 }) },
  { name: 'a refresh token living longer than REFRESH_TOKEN_TTL + 5 s', verifier: 'verifyRefresh', reason: 'TOKEN_INVALID',
    token: (f) => f.sign({ ...f.pair.refresh, jti: 'hand-made-jti', exp: START_S + REFRESH_TTL + 6 }) },
  { name: 'a refresh token of a session past SESSION_MAX_LIFETIME', verifier: 'verifyRefresh', reason: 'TOKEN_EXPIRED',
    token: (f) => {
      f.clock.advanceSeconds(30 * 86_400);
      return f.sign({ ...f.pair.refresh, jti: 'hand-made-jti', iat: START_S + 29 * 86_400, exp: START_S + 36 * 86_400 });
    } },
  { name: 'an access token not yet valid (nbf in the future)', verifier: 'verifyAccess', reason: 'TOKEN_INVALID',
    token: (f) => f.sign({ ...f.accessClaims(), nbf: START_S + 60 }) },
  ...['', 'abc', 'a.b', 'x.y.z', 'a.b.c.d', 'bad chars.in!.token', `${'a'.repeat(MAX_TOKEN_LENGTH)}.b.c`].map(
    (garbage): RejectionCase => ({
      name: `the garbage string ${JSON.stringify(garbage.length > 20 ? `${garbage.slice(0, 12)}…(${garbage.length})` : garbage)}`,
      verifier: 'verifyAccess',
      reason: 'TOKEN_MALFORMED',
      token: () => garbage,
    }),
  ),
  { name: 'a token whose header is not JSON', verifier: 'verifyRefresh', reason: 'TOKEN_MALFORMED',
    token: (f) => `${Buffer.from('{not json').toString('base64url')}.${f.pair.refreshToken.split('.').slice(1).join('.')}` },
];

describe('TokenService', () => {
  let f: Fixture;
  beforeEach(() => {
    f = fixture();
  });

  describe('refuses', () => {
    test.each(REJECTIONS)('$name with $reason', ({ verifier, reason, token }) => {
      const text = token(f);
      const error = refusal(() => f.service[verifier](text));
      expect(error.reason).toBe(reason);
      expect(error.message).not.toBe('');
    });

    // KNOWN BUG (src/auth/tokens/jwt.backend.ts:32): with typ "JWT" in the header, jwt.decode() throws a raw
    // SyntaxError on a non-JSON payload instead of returning null. Flip to test() once decode is guarded.
    test('a typ:JWT token whose payload is not JSON with TOKEN_MALFORMED', () => {
      const token = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${Buffer.from('not json').toString('base64url')}.c2ln`;
      expect(refusal(() => f.service.verifyAccess(token)).reason).toBe('TOKEN_MALFORMED');
    });

    test('a device token living longer than DEVICE_TOKEN_TTL + 5 s (device tokens carry no session)', () => {
      const device = jwt.decode(f.service.issueDevice(USER)) as Record<string, unknown>;
      expect(device).not.toHaveProperty('sid');
      expect(f.service.verifyDevice(f.sign({ ...device, exp: START_S + 180 * 86_400 + 5 })).sub).toBe(USER.id);
      expect(refusal(() => f.service.verifyDevice(f.sign({ ...device, exp: START_S + 180 * 86_400 + 6 }))).reason).toBe('TOKEN_INVALID');
    });

    test('a token signed with a previous key after its retirement plus JWT_ROTATION_OVERLAP', () => {
      // No recorded retirement: the key counts as retired when the service was made (START).
      const rotated = new TokenService(jwtConfig({ JWT_SECRET: OTHER_SECRET, JWT_PREVIOUS_SECRETS: SECRET }), f.clock);
      f.clock.advanceSeconds(600);
      const signedAt = (iat: number) =>
        jwt.sign({ ...f.accessClaims(), iat, exp: iat + ACCESS_TTL }, SECRET, { keyid: keyIdOf(SECRET) });
      expect(rotated.verifyAccess(signedAt(START_S + 300)).jti).toBe('hand-made-jti');
      expect(refusal(() => rotated.verifyAccess(signedAt(START_S + 301))).reason).toBe('TOKEN_INVALID');
    });

    test('an HS256 token when HS512 is configured', () => {
      const strict = new TokenService(jwtConfig({ JWT_ALGORITHM: 'HS512' }), f.clock);
      expect(refusal(() => strict.verifyAccess(f.pair.accessToken)).reason).toBe('TOKEN_INVALID');
    });
  });

  describe('issuePair', () => {
    test('puts the user, type, lifetimes, issuer and audience in the claims', () => {
      const { access, refresh, expiresIn } = f.pair;
      const common = {
        sub: USER.id,
        ver: USER.tokenVersion,
        sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        auth_time: START_S,
        // How the user authenticated (RFC 8176): a password, unless 2FA raised it.
        amr: ['pwd'],
        iat: START_S,
        iss: 'tokengate',
        aud: 'tokengate-api',
      };
      expect(access).toEqual({
        ...common,
        typ: 'access',
        jti: expect.any(String),
        exp: START_S + ACCESS_TTL,
        roles: USER.roles,
        email: USER.email,
        // The permissions of USER and ADMIN (src/auth/permissions.ts), for other services.
        scope: 'profile:read profile:write sessions:read sessions:write users:read users:write',
      });
      expect(refresh).toEqual({ ...common, typ: 'refresh', jti: expect.any(String), exp: START_S + REFRESH_TTL });
      expect(expiresIn).toBe(ACCESS_TTL);
      expect(refresh.sid).toBe(access.sid);
    });

    test('starts a new session per call, or keeps the one it is given (sid and auth_time)', () => {
      const other = f.service.issuePair(USER);
      expect(other.access.sid).not.toBe(f.pair.access.sid);
      f.clock.advanceSeconds(3600);
      const rotated = f.service.issuePair(USER, f.pair.refresh);
      expect(rotated.refresh).toMatchObject({ sid: f.pair.refresh.sid, auth_time: START_S, iat: START_S + 3600 });
      expect(rotated.access).toMatchObject({ sid: f.pair.refresh.sid, auth_time: START_S });
    });

    test('signs exactly the claims it returns, with the configured algorithm, and never the password hash', () => {
      expect(jwt.decode(f.pair.accessToken, { complete: true })).toMatchObject({
        header: { alg: 'HS256', typ: 'JWT' },
        payload: f.pair.access,
      });
      expect(jwt.decode(f.pair.refreshToken)).toEqual(f.pair.refresh);
      expect(JSON.stringify(jwt.decode(f.pair.accessToken))).not.toContain(USER.passwordHash);
    });

    test('gives every token its own jti', () => {
      const again = f.service.issuePair(USER);
      const jtis = new Set([f.pair.access.jti, f.pair.refresh.jti, again.access.jti, again.refresh.jti]);
      expect(jtis.size).toBe(4);
    });

    test('takes iat from the clock', () => {
      f.clock.advanceSeconds(3600);
      const later = f.service.issuePair(USER).access;
      expect(later).toMatchObject({ iat: START_S + 3600, exp: START_S + 3600 + ACCESS_TTL });
    });

    test('copies the roles: changing the user later does not change the claims', () => {
      const user = { ...USER, roles: ['USER'] };
      const { access } = f.service.issuePair(user);
      user.roles.push('ADMIN');
      expect(access.roles).toEqual(['USER']);
    });
  });

  describe('verifies', () => {
    test('its own access and refresh tokens, returning their claims', () => {
      expect(f.service.verifyAccess(f.pair.accessToken)).toEqual(f.pair.access);
      expect(f.service.verifyRefresh(f.pair.refreshToken)).toEqual(f.pair.refresh);
    });

    test('an access token up to the second before its exp', () => {
      f.clock.advanceSeconds(ACCESS_TTL - 1);
      expect(f.service.verifyAccess(f.pair.accessToken).jti).toBe(f.pair.access.jti);
    });

    test('a hand-signed token that carries every required claim', () => {
      const claims = f.sign(f.accessClaims());
      expect(f.service.verifyAccess(claims)).toEqual<AccessClaims>({ ...f.pair.access, jti: 'hand-made-jti' });
    });

    test.each<JwtAlgorithm>(['HS384', 'HS512'])('tokens signed with %s when it is configured', (algorithm) => {
      const service = new TokenService(jwtConfig({ JWT_ALGORITHM: algorithm }), f.clock);
      const pair = service.issuePair(USER);
      expect(jwt.decode(pair.accessToken, { complete: true })?.header.alg).toBe(algorithm);
      expect(jwt.decode(pair.refreshToken, { complete: true })?.header.alg).toBe(algorithm);
      expect(service.verifyAccess(pair.accessToken)).toEqual(pair.access);
      expect(service.verifyRefresh(pair.refreshToken)).toEqual(pair.refresh);
    });
  });
});

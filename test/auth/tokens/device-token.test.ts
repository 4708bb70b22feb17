import jwt from 'jsonwebtoken';
import { type Config, loadConfig } from '../../../src/config/config';
import { TokenError } from '../../../src/auth/tokens/token.errors';
import { TokenService } from '../../../src/auth/tokens/token.service';
import { ManualClock } from '../../../src/lib/clock';
import type { UserRecord } from '../../../src/stores/user.store';

const SECRET = 'a-device-token-test-secret-of-32-bytes!!';
const START_MS = Date.UTC(2030, 0, 1, 12, 0, 0, 250);
const START_S = Math.floor(START_MS / 1000);
const DEVICE_TTL = 180 * 24 * 3600;

const USER: UserRecord = {
  id: '0123456789abcdef01234567',
  email: 'ada@example.com',
  name: null,
  roles: ['USER'],
  tokenVersion: 2,
  passwordHash: '$2b$04$never-in-a-token',
  createdAt: new Date(START_MS),
  emailVerified: true,
};

const jwtConfig = (env: Record<string, string> = {}): Config['jwt'] => loadConfig({ JWT_SECRET: SECRET, ...env }).jwt;

function reasonOf(verify: () => unknown): string {
  try {
    verify();
  } catch (error) {
    if (error instanceof TokenError) return error.reason;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('device tokens', () => {
  let clock: ManualClock;
  let service: TokenService;
  beforeEach(() => {
    clock = new ManualClock(START_MS);
    service = new TokenService(jwtConfig(), clock);
  });

  test('carry the user, its token version, their own jti, typ device and DEVICE_TOKEN_TTL (180 days by default)', () => {
    const token = service.issueDevice(USER);
    expect(service.verifyDevice(token)).toEqual({
      sub: USER.id,
      ver: USER.tokenVersion,
      jti: expect.any(String),
      iat: START_S,
      exp: START_S + DEVICE_TTL,
      iss: 'tokengate',
      aud: 'tokengate-api',
      typ: 'device',
    });
    expect(service.verifyDevice(service.issueDevice(USER)).jti).not.toBe(service.verifyDevice(token).jti);
    expect(JSON.stringify(jwt.decode(token))).not.toContain(USER.email);
  });

  test('DEVICE_TOKEN_TTL sets the lifetime; at its exp the token is expired', () => {
    const short = new TokenService(jwtConfig({ DEVICE_TOKEN_TTL: '1h' }), clock);
    const token = short.issueDevice(USER);
    clock.advanceSeconds(3599);
    expect(short.verifyDevice(token).exp).toBe(START_S + 3600);
    clock.advanceSeconds(1);
    expect(reasonOf(() => short.verifyDevice(token))).toBe('TOKEN_EXPIRED');
  });

  test('a device token is neither an access nor a refresh token, and they are not device tokens', () => {
    const device = service.issueDevice(USER);
    const pair = service.issuePair(USER);
    expect(reasonOf(() => service.verifyAccess(device))).toBe('TOKEN_INVALID');
    expect(reasonOf(() => service.verifyRefresh(device))).toBe('TOKEN_INVALID');
    expect(reasonOf(() => service.verifyDevice(pair.accessToken))).toBe('TOKEN_INVALID');
    expect(reasonOf(() => service.verifyDevice(pair.refreshToken))).toBe('TOKEN_INVALID');
  });

  test('a forged device token (another secret, or claims edited) is refused', () => {
    const claims = jwt.decode(service.issueDevice(USER)) as Record<string, unknown>;
    const forged = jwt.sign(claims, 'another-secret-that-is-also-32-bytes-long', { algorithm: 'HS256' });
    expect(reasonOf(() => service.verifyDevice(forged))).toBe('TOKEN_INVALID');
    const [header, , signature] = service.issueDevice(USER).split('.');
    const edited = [header, Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url'), signature].join('.');
    expect(reasonOf(() => service.verifyDevice(edited))).toBe('TOKEN_INVALID');
    expect(reasonOf(() => service.verifyDevice('not-a-token'))).toBe('TOKEN_MALFORMED');
  });
});

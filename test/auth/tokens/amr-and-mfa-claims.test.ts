import jwt from 'jsonwebtoken';
import { keyIdOf } from '../../../src/auth/tokens/jwt.backend';
import { TokenError } from '../../../src/auth/tokens/token.errors';
import { TokenService } from '../../../src/auth/tokens/token.service';
import { loadConfig } from '../../../src/config/config';
import { ManualClock } from '../../../src/lib/clock';
import type { UserRecord } from '../../../src/stores/user.store';

const SECRET = 'a-token-test-secret-of-at-least-32-bytes';
const START_MS = Date.UTC(2030, 0, 1, 12, 0, 0);
const START_S = START_MS / 1000;
const USER: UserRecord = {
  id: '0123456789abcdef01234567', email: 'ada@example.com', name: 'Ada', roles: ['USER'], tokenVersion: 2, passwordHash: 'x', createdAt: new Date(START_MS), emailVerified: true,
};
const service = () => new TokenService(loadConfig({ JWT_SECRET: SECRET, NODE_ENV: 'test' }).jwt, new ManualClock(START_MS));
const sign = (claims: Record<string, unknown>) => jwt.sign(claims, SECRET, { algorithm: 'HS256', keyid: keyIdOf(SECRET) });
const accessClaims = (extra: Record<string, unknown>) => ({
  sub: USER.id, ver: 2, jti: 'j', iat: START_S, exp: START_S + 60, iss: 'tokengate', aud: 'tokengate-api', typ: 'access',
  roles: ['USER'], email: USER.email, sid: 's', auth_time: START_S, ...extra,
});

function refusal(verify: () => unknown): TokenError {
  try {
    verify();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    return error as TokenError;
  }
  throw new Error('the token was accepted');
}

describe('amr (RFC 8176) on access and refresh tokens', () => {
  test('a new session is ["pwd"]; an amr given replaces it; a session passed on keeps its own', () => {
    const tokens = service();
    const plain = tokens.issuePair(USER);
    expect([plain.access.amr, plain.refresh.amr]).toEqual([['pwd'], ['pwd']]);
    const raised = tokens.issuePair(USER, plain.refresh, ['pwd', 'otp']);
    expect(raised.access).toMatchObject({ amr: ['pwd', 'otp'], sid: plain.refresh.sid });
    const rotated = tokens.issuePair(USER, tokens.verifyRefresh(raised.refreshToken));
    expect(rotated.refresh.amr).toEqual(['pwd', 'otp']);
  });

  test('a token issued before amr existed counts as ["pwd"]', () => {
    expect(service().verifyAccess(sign(accessClaims({}))).amr).toEqual(['pwd']);
  });

  test.each([[[]], [['pwd', 'sms']], ['pwd'], [['pwd', 'pwd']], [[1]], [null]])('amr %p is TOKEN_INVALID', (amr) => {
    expect(refusal(() => service().verifyAccess(sign(accessClaims({ amr })))).reason).toBe('TOKEN_INVALID');
  });
});

describe('the MFA challenge token', () => {
  test('typ "mfa", 5 minutes, no session; it verifies only as a challenge', () => {
    const tokens = service();
    const challenge = tokens.issueMfaChallenge(USER);
    expect(challenge).toMatchObject({ typ: 'mfa', sub: USER.id, ver: 2, exp: START_S + 300 });
    expect(tokens.verifyMfaChallenge(challenge.token).jti).toBe(challenge.jti);
    expect(refusal(() => tokens.verifyAccess(challenge.token)).reason).toBe('TOKEN_INVALID');
    expect(refusal(() => tokens.verifyRefresh(challenge.token)).reason).toBe('TOKEN_INVALID');
    expect(refusal(() => tokens.verifyDevice(challenge.token)).reason).toBe('TOKEN_INVALID');
    // …and no other token passes for one.
    const pair = tokens.issuePair(USER);
    for (const other of [pair.accessToken, pair.refreshToken, tokens.issueDevice(USER)]) {
      expect(refusal(() => tokens.verifyMfaChallenge(other)).reason).toBe('TOKEN_INVALID');
    }
  });

  test('a challenge living longer than 5 minutes is TOKEN_INVALID, whoever signed it', () => {
    const long = sign({ sub: USER.id, ver: 2, jti: 'j', iat: START_S, exp: START_S + 3600, iss: 'tokengate', aud: 'tokengate-api', typ: 'mfa' });
    expect(refusal(() => service().verifyMfaChallenge(long)).reason).toBe('TOKEN_INVALID');
  });
});

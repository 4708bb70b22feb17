import { keyFingerprint, keyIdOf } from '../../src/auth/tokens/jwt.backend';
import { loadConfig } from '../../src/config/config';
import { errorOf, ME, REFRESH, REGISTER, uniqueEmail } from '../support/operations';
import { type Deployment, useDeployments } from '../support/deployments';
import { claimsOf, forgeJwt, headerOf } from './support/jwt-forge';
import { configProblemsOf } from '../support/config-problems';

// Previous signing keys are trusted within bounds: a token lives no longer than its type's lifetime, and a
// retired key's tokens must have been issued before its retirement plus JWT_ROTATION_OVERLAP.
const OLD_SECRET = 'the-old-signing-secret-of-32-bytes-or-more';
const NEW_SECRET = 'the-new-signing-secret-of-32-bytes-or-more';
const ROTATED = { JWT_SECRET: NEW_SECRET, JWT_PREVIOUS_SECRETS: OLD_SECRET };
const MINUTE = 60;
const DAY = 24 * 3600;
const INVALID = { code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' };

describe('previous signing keys, within bounds', () => {
  const deployments = useDeployments();
  const { deploy } = deployments;

  /** A user signed in under the old key (before the rotation), and the claims of its tokens. */
  async function sessionUnderOldKey() {
    const before = await deploy({ JWT_SECRET: OLD_SECRET });
    const registered = (await before.gql(REGISTER, { input: { email: uniqueEmail(), password: 'correct horse battery' } })).body.data!.register;
    await before.stop();
    return {
      userId: registered.user.id as string,
      access: claimsOf(registered.accessToken),
      refresh: claimsOf(registered.refreshToken),
    };
  }
  const now = () => Math.floor(deployments.clock.now() / 1000);
  /** Signed with a secret as whoever holds it would: any claims. */
  const signWith = (secret: string, claims: Record<string, unknown>) =>
    forgeJwt({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(secret) }, claims, { secret });

  async function expectRefused(server: Deployment, kind: 'access' | 'refresh', token: string) {
    if (kind === 'access') {
      const me = await server.gql(ME, {}, token);
      expect(me.status).toBe(401);
      expect(errorOf(me).extensions).toEqual(INVALID);
    } else {
      const refreshed = await server.gql(REFRESH, { refreshToken: token });
      expect(refreshed.body.data).toBeNull();
      expect(errorOf(refreshed).extensions).toEqual(INVALID);
    }
  }
  async function expectAccepted(server: Deployment, kind: 'access' | 'refresh', token: string, userId: string) {
    if (kind === 'access') {
      expect((await server.gql(ME, {}, token)).body.data?.me.id).toBe(userId);
    } else {
      const pair = (await server.gql(REFRESH, { refreshToken: token })).body.data?.refresh;
      expect(pair?.user.id).toBe(userId);
      // Exchanged for a pair under the current key.
      expect(headerOf(pair.refreshToken).kid).toBe(keyIdOf(NEW_SECRET));
    }
  }

  describe('a stolen previous key cannot mint tokens', () => {
    test.each(['access', 'refresh'] as const)('%s: a forged token with a one-year exp is TOKEN_INVALID, whatever its iat', async (kind) => {
      const session = await sessionUnderOldKey();
      const claims = kind === 'access' ? session.access : session.refresh;
      const iat = claims.iat as number;
      const after = await deploy(ROTATED);
      // iat from before the rotation (so the retirement rule alone would let it through), exp a year on.
      await expectRefused(after, kind, signWith(OLD_SECRET, { ...claims, jti: `year-${kind}`, exp: iat + 365 * DAY }));
      // iat far in the past, exp a year after it and still ahead of now.
      deployments.clock.advanceSeconds(2 * DAY);
      await expectRefused(after, kind, signWith(OLD_SECRET, { ...claims, jti: `far-${kind}`, auth_time: iat - 200 * DAY, iat: iat - 200 * DAY, exp: iat + 165 * DAY }));
    });

    test.each(['access', 'refresh'] as const)(
      '%s: a token issued after retirement + JWT_ROTATION_OVERLAP is TOKEN_INVALID; within the overlap it is accepted',
      async (kind) => {
        const session = await sessionUnderOldKey();
        const after = await deploy(ROTATED); // retires the old key now
        const retiredAt = now();
        const claims = kind === 'access' ? session.access : session.refresh;
        const lifetime = (claims.exp as number) - (claims.iat as number);
        const issuedAt = (iat: number, jti: string) => signWith(OLD_SECRET, { ...claims, jti, iat, exp: iat + lifetime });

        deployments.clock.advanceSeconds(10 * MINUTE);
        // An old instance still signing with the old key during a rolling restart: within the 5 minutes.
        await expectAccepted(after, kind, issuedAt(retiredAt + 5 * MINUTE, `overlap-${kind}`), session.userId);
        // Signed with it later than that: not by one of ours.
        await expectRefused(after, kind, issuedAt(retiredAt + 5 * MINUTE + 1, `late-${kind}`));
        await expectRefused(after, kind, issuedAt(now(), `now-${kind}`));
      },
    );

    test('tokens issued before the rotation keep working until their exp', async () => {
      const session = await sessionUnderOldKey();
      deployments.clock.advanceSeconds(3 * DAY);
      const after = await deploy(ROTATED);
      const refreshToken = signWith(OLD_SECRET, session.refresh); // the very token issued before the rotation
      await expectAccepted(after, 'refresh', refreshToken, session.userId);
    });
  });

  test('a restart keeps the first retirement time; the record names the key by a SHA-256, not the secret', async () => {
    const session = await sessionUnderOldKey();
    const first = await deploy(ROTATED);
    const retiredAt = now();
    await first.stop();
    deployments.clock.advanceSeconds(DAY);
    const second = await deploy(ROTATED); // had it recorded a new retirement, the token below would pass
    const claims = session.refresh;
    const lifetime = (claims.exp as number) - (claims.iat as number);
    await expectRefused(second, 'refresh', signWith(OLD_SECRET, { ...claims, jti: 'next-day', iat: now(), exp: now() + lifetime }));
    // The record is kept under the key's fingerprint and holds the first start's time.
    const recorded = await deployments.stores.signingKeys.recordRetirement(keyFingerprint(OLD_SECRET), new Date(deployments.clock.now()));
    expect(Math.floor(recorded.getTime() / 1000)).toBe(retiredAt);
    expect(keyFingerprint(OLD_SECRET)).not.toContain(OLD_SECRET);
  });

  test('a key that becomes current again loses its record: its next retirement starts the overlap anew', async () => {
    const session = await sessionUnderOldKey();
    await (await deploy(ROTATED)).stop();
    deployments.clock.advanceSeconds(DAY);
    // Rolled back: the old key signs again, then a day later is retired once more.
    await (await deploy({ JWT_SECRET: OLD_SECRET })).stop();
    deployments.clock.advanceSeconds(DAY);
    const again = await deploy(ROTATED);
    const claims = session.access;
    const lifetime = (claims.exp as number) - (claims.iat as number);
    const signedBeforeSecondRetirement = signWith(OLD_SECRET, { ...claims, jti: 'rolled-back', iat: now() - 1, exp: now() - 1 + lifetime });
    await expectAccepted(again, 'access', signedBeforeSecondRetirement, session.userId);
  });

  test('JWT_ROTATION_OVERLAP=0: nothing signed with a previous key after its retirement is accepted', async () => {
    const session = await sessionUnderOldKey();
    const after = await deploy({ ...ROTATED, JWT_ROTATION_OVERLAP: '0' });
    const retiredAt = now();
    const claims = session.access;
    const lifetime = (claims.exp as number) - (claims.iat as number);
    deployments.clock.advanceSeconds(MINUTE);
    const at = (iat: number, jti: string) => signWith(OLD_SECRET, { ...claims, jti, iat, exp: iat + lifetime });
    await expectAccepted(after, 'access', at(retiredAt, 'at-retirement'), session.userId);
    await expectRefused(after, 'access', at(retiredAt + 1, 'after-retirement'));
  });

  describe('every key: no token lives longer than its type', () => {
    test.each([
      ['access', 15 * MINUTE],
      ['refresh', 7 * DAY],
    ] as const)('%s: a token signed with the current key, living its lifetime + 6 s, is TOKEN_INVALID; + 5 s passes', async (kind, ttl) => {
      const server = await deploy({ JWT_SECRET: NEW_SECRET });
      const registered = (await server.gql(REGISTER, { input: { email: uniqueEmail(), password: 'correct horse battery' } })).body.data!.register;
      const claims = claimsOf(kind === 'access' ? registered.accessToken : registered.refreshToken);
      const iat = claims.iat as number;
      await expectRefused(server, kind, signWith(NEW_SECRET, { ...claims, jti: `long-${kind}`, exp: iat + ttl + 6 }));
      await expectAccepted(server, kind, signWith(NEW_SECRET, { ...claims, jti: `leeway-${kind}`, exp: iat + ttl + 5 }), registered.user.id);
    });

    test('lowering a lifetime ends the tokens issued under the longer one', async () => {
      const before = await deploy({ JWT_SECRET: NEW_SECRET, REFRESH_TOKEN_TTL: '30d' });
      const registered = (await before.gql(REGISTER, { input: { email: uniqueEmail(), password: 'correct horse battery' } })).body.data!.register;
      await before.stop();
      const after = await deploy({ JWT_SECRET: NEW_SECRET, REFRESH_TOKEN_TTL: '7d' });
      await expectRefused(after, 'refresh', registered.refreshToken);
    });
  });

  test.each([
    [{ JWT_ROTATION_OVERLAP: '2d' }, 'JWT_ROTATION_OVERLAP must be 0 or a duration up to 24h such as 5m (got "2d")'],
    [{ JWT_ROTATION_OVERLAP: 'soon' }, 'JWT_ROTATION_OVERLAP must be 0 or a duration up to 24h such as 5m (got "soon")'],
  ])('configuration %p is refused with one clear line', (env, problem) => {
    expect(configProblemsOf({ JWT_SECRET: NEW_SECRET, ...env })).toEqual([problem]);
  });

  test('configuration: JWT_ROTATION_OVERLAP is 5 minutes by default, and 0 is allowed', () => {
    expect(loadConfig({ JWT_SECRET: NEW_SECRET }).jwt.rotationOverlapSeconds).toBe(300);
    expect(loadConfig({ JWT_SECRET: NEW_SECRET, JWT_ROTATION_OVERLAP: '0' }).jwt.rotationOverlapSeconds).toBe(0);
    expect(loadConfig({ JWT_SECRET: NEW_SECRET, JWT_ROTATION_OVERLAP: '1h' }).jwt.rotationOverlapSeconds).toBe(3600);
  });
});

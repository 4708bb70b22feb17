import { keyIdOf } from '../../src/auth/tokens/jwt.backend';
import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import type { Stores } from '../../src/stores/stores';
import { errorOf, ME, REFRESH, REGISTER, uniqueEmail } from '../support/operations';
import { postGraphQL, TEST_ENV } from '../support/test-server';
import { claimsOf, forgeJwt, headerOf } from './support/jwt-forge';
import { configProblemsOf } from '../support/config-problems';

// Signing keys rotate without logging anyone out: the old secret moves to JWT_PREVIOUS_SECRETS.
const OLD_SECRET = 'the-old-signing-secret-of-32-bytes-or-more';
const NEW_SECRET = 'the-new-signing-secret-of-32-bytes-or-more';
const ATTACKER_SECRET = 'an-attacker-chosen-secret-of-32-bytes-too';

/** One deployment: a server over shared stores, as after a restart with new configuration. */
async function deploy(stores: Stores, clock: ManualClock, env: Record<string, string>) {
  const config = loadConfig({ ...TEST_ENV, ...env });
  const server = await startHttpServer({ config, stores, clock, logger: silentLogger });
  return {
    gql: (query: string, variables?: Record<string, unknown>, token?: string) => postGraphQL<any>(server.url, query, variables, { token }),
    // The stores outlive the server: they belong to the test.
    stop: () => server.stop(),
  };
}

describe('signing key rotation', () => {
  const clock = new ManualClock();
  let stores: Stores;
  beforeEach(() => {
    stores = createMemoryStores(clock);
  });
  afterEach(() => stores.close());

  async function sessionUnderOldKey() {
    const before = await deploy(stores, clock, { JWT_SECRET: OLD_SECRET });
    const registered = await before.gql(REGISTER, { input: { email: uniqueEmail(), password: 'correct horse battery' } });
    await before.stop();
    const { accessToken, refreshToken, user } = registered.body.data!.register;
    return { accessToken: accessToken as string, refreshToken: refreshToken as string, userId: user.id as string };
  }

  test('tokens name their key in the header: kid is a fingerprint of the secret', async () => {
    const session = await sessionUnderOldKey();
    expect(headerOf(session.accessToken)).toEqual({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(OLD_SECRET) });
    expect(headerOf(session.refreshToken).kid).toBe(keyIdOf(OLD_SECRET));
    expect(keyIdOf(OLD_SECRET)).not.toBe(keyIdOf(NEW_SECRET));
    expect(session.accessToken).not.toContain(OLD_SECRET);
  });

  test('after a rotation old tokens still work, and new tokens are signed with the new key', async () => {
    const session = await sessionUnderOldKey();
    const after = await deploy(stores, clock, { JWT_SECRET: NEW_SECRET, JWT_PREVIOUS_SECRETS: OLD_SECRET });
    try {
      expect((await after.gql(ME, {}, session.accessToken)).body.data?.me.id).toBe(session.userId);
      const refreshed = await after.gql(REFRESH, { refreshToken: session.refreshToken });
      const pair = refreshed.body.data!.refresh;
      expect(headerOf(pair.accessToken).kid).toBe(keyIdOf(NEW_SECRET));
      expect(headerOf(pair.refreshToken).kid).toBe(keyIdOf(NEW_SECRET));
      expect((await after.gql(ME, {}, pair.accessToken)).body.data?.me.id).toBe(session.userId);
    } finally {
      await after.stop();
    }
  });

  test('once the old secret is dropped, its tokens are refused with TOKEN_INVALID', async () => {
    const session = await sessionUnderOldKey();
    const after = await deploy(stores, clock, { JWT_SECRET: NEW_SECRET });
    try {
      const me = await after.gql(ME, {}, session.accessToken);
      expect(me.status).toBe(401);
      expect(errorOf(me).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
      const refresh = await after.gql(REFRESH, { refreshToken: session.refreshToken });
      expect(errorOf(refresh).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    } finally {
      await after.stop();
    }
  });

  test('a token naming a previous key but signed by anyone else is refused', async () => {
    const session = await sessionUnderOldKey();
    const after = await deploy(stores, clock, { JWT_SECRET: NEW_SECRET, JWT_PREVIOUS_SECRETS: OLD_SECRET });
    try {
      const claims = { ...claimsOf(session.accessToken), roles: ['USER', 'ADMIN'] };
      const forgeries = [
        forgeJwt({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(OLD_SECRET) }, claims, { secret: ATTACKER_SECRET }),
        // The old key's signature under the new key's id: each kid verifies with its own key only.
        forgeJwt({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(NEW_SECRET) }, claims, { secret: OLD_SECRET }),
        // No kid means the current key: an old-key token cannot drop its kid to dodge the lookup.
        forgeJwt({ alg: 'HS256', typ: 'JWT' }, claims, { secret: OLD_SECRET }),
      ];
      for (const token of forgeries) {
        const me = await after.gql(ME, {}, token);
        expect(me.status).toBe(401);
        expect(errorOf(me).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
      }
    } finally {
      await after.stop();
    }
  });

  test.each([
    [{ JWT_PREVIOUS_SECRETS: 'too-short' }, 'JWT_PREVIOUS_SECRETS must be a comma-separated list of secrets of at least 32 bytes each'],
    [{ JWT_PREVIOUS_SECRETS: `${OLD_SECRET},${NEW_SECRET}` }, 'JWT_PREVIOUS_SECRETS must not contain the current JWT_SECRET'],
    [{ REFRESH_REUSE_GRACE: '1h' }, 'REFRESH_REUSE_GRACE must be 0 (off) or a duration up to 300s such as 10s (got "1h")'],
    [{ REFRESH_REUSE_GRACE: '-5' }, 'REFRESH_REUSE_GRACE must be 0 (off) or a duration up to 300s such as 10s (got "-5")'],
  ])('configuration %p is refused with one clear line', (env, problem) => {
    expect(configProblemsOf({ JWT_SECRET: NEW_SECRET, ...env })).toEqual([problem]);
  });

  test('configuration: previous secrets are trimmed, and REFRESH_REUSE_GRACE=0 turns the grace off', () => {
    const { jwt } = loadConfig({ JWT_SECRET: NEW_SECRET, JWT_PREVIOUS_SECRETS: ` ${OLD_SECRET} , `, REFRESH_REUSE_GRACE: '0' });
    expect(jwt.previousSecrets).toEqual([OLD_SECRET]);
    expect(jwt.refreshReuseGraceSeconds).toBe(0);
  });
});

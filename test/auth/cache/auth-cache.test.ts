import { AuthCache } from '../../../src/auth/cache/auth-cache';
import { CacheSync } from '../../../src/auth/cache/cache-sync';
import type { AccessClaims } from '../../../src/auth/tokens/token.service';
import { ManualClock } from '../../../src/lib/clock';
import { silentLogger } from '../../../src/lib/logger';
import { createMemoryStores } from '../../../src/stores/memory/memory.stores';
import { sessionRevocationKey } from '../../../src/stores/revoked-token.store';
import type { UserRecord } from '../../../src/stores/user.store';

const claims = (jti: string, sub: string, exp: number): AccessClaims => ({
  typ: 'access', jti, sub, ver: 0, sid: 's', auth_time: exp - 900, iat: exp - 900, exp, iss: 'i', aud: 'a', roles: ['USER'], email: 'a@example.com',
});
const user = (id: string): UserRecord => ({
  id, email: `${id}@example.com`, name: null, roles: ['USER'], tokenVersion: 0, passwordHash: 'x', createdAt: new Date(0), emailVerified: true,
});

describe('AuthCache', () => {
  const setup = (maxEntries = 100) => {
    const clock = new ManualClock();
    const exp = Math.floor(clock.now() / 1000) + 900;
    return { clock, exp, cache: new AuthCache({ maxEntries, ttlMs: 3_600_000 }, clock) };
  };

  test('a fill that started before a revocation is dropped: a logout cannot be undone by a slow read', () => {
    const { cache, exp } = setup();
    const generation = cache.generation;
    cache.tokenRevoked('some other jti');
    cache.rememberToken('token-a', claims('a', 'u1', exp), generation);
    cache.rememberUser(user('u1'), generation);
    expect(cache.verifiedToken('token-a')).toBeUndefined();
    expect(cache.user('u1')).toBeUndefined();
  });

  test('tokenRevoked forgets the token by its jti; userChanged forgets the user', () => {
    const { cache, exp } = setup();
    cache.rememberToken('token-a', claims('a', 'u1', exp), cache.generation);
    cache.rememberUser(user('u1'), cache.generation);
    cache.tokenRevoked('a');
    cache.userChanged('u1');
    expect(cache.verifiedToken('token-a')).toBeUndefined();
    expect(cache.user('u1')).toBeUndefined();
  });

  test('a cached token is gone at its exp even when the cache TTL is longer', () => {
    const { cache, clock, exp } = setup();
    cache.rememberToken('token-a', claims('a', 'u1', exp), cache.generation);
    clock.advanceSeconds(899);
    expect(cache.verifiedToken('token-a')).toBeDefined();
    clock.advanceSeconds(1);
    expect(cache.verifiedToken('token-a')).toBeUndefined();
  });

  test('every structure stays within maxEntries however many tokens pass through', () => {
    const { cache, exp } = setup(50);
    for (let i = 0; i < 5000; i++) {
      cache.rememberToken(`token-${i}`, claims(`jti-${i}`, `u${i}`, exp), cache.generation);
      cache.rememberUser(user(`u${i}`), cache.generation);
    }
    expect(cache.sizes).toEqual({ tokens: 50, users: 50, jtiIndex: 50 });
  });

  test('cached users are frozen copies: a caller cannot change what the next request sees', () => {
    const { cache } = setup();
    const record = user('u1');
    cache.rememberUser(record, cache.generation);
    record.roles.push('ADMIN');
    const cached = cache.user('u1')!;
    expect(cached.roles).toEqual(['USER']);
    expect(() => (cached.roles as string[]).push('ADMIN')).toThrow(TypeError);
  });
});

describe('CacheSync', () => {
  test('a poll forgets tokens revoked and users changed on the store since the last poll', async () => {
    const clock = new ManualClock();
    const stores = createMemoryStores(clock);
    const cache = new AuthCache({ maxEntries: 100, ttlMs: 60_000 }, clock);
    const sync = new CacheSync(stores, cache, clock, 500, silentLogger);
    const owner = await stores.users.create({ email: 'a@example.com', name: null, roles: ['USER'], passwordHash: 'x' });
    const exp = Math.floor(clock.now() / 1000) + 900;
    clock.advanceSeconds(60);
    await sync.pollOnce();
    cache.rememberToken('token-a', claims('a', owner.id, exp), cache.generation);
    cache.rememberUser(owner, cache.generation);
    await sync.pollOnce();
    expect(cache.user(owner.id)).toBeDefined(); // nothing changed since: nothing forgotten

    await stores.revokedTokens.revoke({ jti: 'a', userId: owner.id, reason: 'logout', expiresAt: new Date(exp * 1000) });
    await stores.users.setRoles(owner.id, ['ADMIN']);
    await sync.pollOnce();
    expect(cache.verifiedToken('token-a')).toBeUndefined();
    expect(cache.user(owner.id)).toBeUndefined();
  });

  test('when the store cannot be polled, the cache is cleared (fail closed)', async () => {
    const clock = new ManualClock();
    const stores = createMemoryStores(clock);
    stores.users.changedSince = () => Promise.reject(new Error('store down'));
    const cache = new AuthCache({ maxEntries: 100, ttlMs: 60_000 }, clock);
    cache.rememberUser(user('u1'), cache.generation);
    await new CacheSync(stores, cache, clock, 500, silentLogger).pollOnce();
    expect(cache.sizes.users).toBe(0);
  });

  const listener = () => ({ tokenRevoked: jest.fn(), userChanged: jest.fn(), sessionRevoked: jest.fn(), clear: jest.fn() });
  const logout = (jti: string, clock: ManualClock) => ({
    jti,
    userId: 'u1',
    reason: 'logout' as const,
    expiresAt: new Date(clock.now() + 900_000),
  });

  test('a revoked jti is announced once, though every poll within the window returns it again', async () => {
    const clock = new ManualClock();
    const stores = createMemoryStores(clock);
    const heard = listener();
    const sync = new CacheSync(stores, heard, clock, 500, silentLogger);
    await stores.revokedTokens.revoke(logout('a', clock));
    for (let poll = 0; poll < 6; poll++) {
      clock.advanceSeconds(0.5);
      await sync.pollOnce(); // the 2 s window returns 'a' on the first four polls
    }
    await stores.revokedTokens.revoke(logout('b', clock));
    clock.advanceSeconds(0.5);
    await sync.pollOnce();
    expect(heard.tokenRevoked.mock.calls).toEqual([['a'], ['b']]);
  });

  test('a revoked session on the feed is announced as sessionRevoked, once, not as a token', async () => {
    const clock = new ManualClock();
    const stores = createMemoryStores(clock);
    const heard = listener();
    const sync = new CacheSync(stores, heard, clock, 500, silentLogger);
    await stores.revokedTokens.revoke({ ...logout(sessionRevocationKey('s-1'), clock), reason: 'session' });
    for (let poll = 0; poll < 3; poll++) {
      clock.advanceSeconds(0.5);
      await sync.pollOnce();
    }
    expect(heard.sessionRevoked.mock.calls).toEqual([['s-1']]);
    expect(heard.tokenRevoked).not.toHaveBeenCalled();
  });

  test("each poll reaches back the store's write lag plus the tolerated clock skew", async () => {
    // A write stamped 4 s before the previous poll, landing only now (it waited for a primary).
    const lateWrite = async (writeLagBoundMs: number) => {
      const clock = new ManualClock();
      const stores = { ...createMemoryStores(clock), writeLagBoundMs };
      const heard = listener();
      const sync = new CacheSync(stores, heard, clock, 500, silentLogger);
      clock.advanceSeconds(0.5);
      await sync.pollOnce();
      clock.advanceSeconds(-4);
      await stores.revokedTokens.revoke(logout('late', clock));
      clock.advanceSeconds(4.5);
      await sync.pollOnce();
      return { overlapMs: sync.overlapMs, heard: heard.tokenRevoked.mock.calls.flat() };
    };
    await expect(lateWrite(0)).resolves.toEqual({ overlapMs: 2_000, heard: [] }); // memory: writes land at once
    await expect(lateWrite(6_000)).resolves.toEqual({ overlapMs: 8_000, heard: ['late'] }); // MongoDB's bound
  });
});

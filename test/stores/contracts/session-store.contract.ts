import type { ManualClock } from '../../../src/lib/clock';
import { sessionIdOfRevocationKey, sessionRevocationKey } from '../../../src/stores/revoked-token.store';
import type { NewSession } from '../../../src/stores/session.store';
import type { Stores } from '../../../src/stores/stores';

// Part of the store contract (store.contract.test.ts runs it on every backend): sign-in sessions.
const HOUR_MS = 3_600_000;
const USER = '0123456789abcdef01234567';
const OTHER_USER = '76543210fedcba9876543210';
let counter = 0;

export function sessionStoreContract(context: () => { stores: Stores; clock: ManualClock }): void {
  const newSession = (overrides: Partial<NewSession> = {}): NewSession => {
    const { clock } = context();
    const now = new Date(clock.now());
    return {
      id: `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
      userId: USER,
      createdAt: now,
      lastActiveAt: now,
      expiresAt: new Date(clock.now() + HOUR_MS),
      tokenVersion: 0,
      createdIp: '203.0.113.7',
      createdUserAgent: 'Mozilla/5.0 Firefox/128.0',
      lastIp: '203.0.113.7',
      lastUserAgent: 'Mozilla/5.0 Firefox/128.0',
      device: 'Firefox 128 on Linux',
      amr: ['pwd'],
      remembered: true,
      ...overrides,
    };
  };
  const sessions = () => context().stores.sessions;
  const advance = (ms: number) => context().clock.advanceSeconds(ms / 1000);

  test('create then find returns the record, live (revokedAt null), as a copy', async () => {
    const session = newSession({ createdIp: null, createdUserAgent: null, amr: ['pwd', 'otp'], remembered: false });
    await sessions().create(session);
    const found = await sessions().find(session.id);
    expect(found).toEqual({ ...session, revokedAt: null });
    found!.amr.push('changed');
    found!.expiresAt.setTime(0);
    await expect(sessions().find(session.id)).resolves.toEqual({ ...session, revokedAt: null });
  });

  test('find returns null for an unknown id, and once the clock reaches expiresAt, before any clean-up', async () => {
    const session = newSession();
    await sessions().create(session);
    await expect(sessions().find('00000000-0000-4000-8000-ffffffffffff')).resolves.toBeNull();
    advance(HOUR_MS);
    await expect(sessions().find(session.id)).resolves.toBeNull();
    await expect(sessions().listLive(USER, 0)).resolves.toEqual([]);
  });

  test('listLive: the user\'s live sessions of the token version, newest first; not revoked, expired, older versions or others\'', async () => {
    const oldest = newSession();
    await sessions().create(oldest);
    advance(1000);
    // Minutes, not seconds: MongoDB's TTL monitor runs on real time and must not take it before the first look.
    const expiring = newSession({ expiresAt: new Date(context().clock.now() + 10 * 60_000) });
    await sessions().create(expiring);
    advance(1000);
    const revoked = newSession();
    await sessions().create(revoked);
    await sessions().revoke(revoked.id, USER);
    await sessions().create(newSession({ userId: OTHER_USER }));
    await sessions().create(newSession({ tokenVersion: 1 }));
    advance(1000);
    const newest = newSession();
    await sessions().create(newest);
    expect((await sessions().listLive(USER, 0)).map((s) => s.id)).toEqual([newest.id, expiring.id, oldest.id]);
    advance(10 * 60_000);
    expect((await sessions().listLive(USER, 0)).map((s) => s.id)).toEqual([newest.id, oldest.id]);
  });

  test('listLive: sessions created in the same millisecond come in id order', async () => {
    const [first, second, third] = [newSession(), newSession(), newSession()];
    for (const session of [second, third, first]) await sessions().create(session);
    expect((await sessions().listLive(USER, 0)).map((s) => s.id)).toEqual([first.id, second.id, third.id]);
  });

  test('a second create with an existing id throws and keeps the first', async () => {
    const session = newSession();
    await sessions().create(session);
    await expect(sessions().create({ ...session, userId: OTHER_USER })).rejects.toThrow();
    await expect(sessions().find(session.id)).resolves.toEqual({ ...session, revokedAt: null });
  });

  test('an expired session is not live: touch, setAmr and setTokenVersion get null and change nothing', async () => {
    // Expired by the store's clock only: MongoDB's TTL monitor, on real time, leaves it there.
    const session = newSession();
    await sessions().create(session);
    advance(HOUR_MS);
    const at = new Date(context().clock.now());
    await expect(sessions().touch(session.id, { at, ip: null, userAgent: null })).resolves.toBeNull();
    await expect(sessions().setAmr(session.id, USER, ['pwd', 'otp'])).resolves.toBeNull();
    await expect(sessions().setTokenVersion(session.id, USER, 1)).resolves.toBeNull();
    advance(-HOUR_MS);
    await expect(sessions().find(session.id)).resolves.toEqual({ ...session, revokedAt: null });
  });

  test('touch records a refresh on a live session only', async () => {
    const session = newSession();
    await sessions().create(session);
    advance(60_000);
    const at = new Date(context().clock.now());
    const touched = await sessions().touch(session.id, { at, ip: '198.51.100.4', userAgent: 'curl/8.5.0' });
    expect(touched).toEqual({ ...session, lastActiveAt: at, lastIp: '198.51.100.4', lastUserAgent: 'curl/8.5.0', revokedAt: null });
    await expect(sessions().find(session.id)).resolves.toEqual(touched);
    await sessions().revoke(session.id, USER);
    await expect(sessions().touch(session.id, { at, ip: null, userAgent: null })).resolves.toBeNull();
    await expect(sessions().touch('00000000-0000-4000-8000-ffffffffffff', { at, ip: null, userAgent: null })).resolves.toBeNull();
  });

  test('revoke ends a live session of its user once; another user, an unknown id or an expired one get null', async () => {
    const session = newSession();
    await sessions().create(session);
    await expect(sessions().revoke(session.id, OTHER_USER)).resolves.toBeNull();
    await expect(sessions().find(session.id)).resolves.toMatchObject({ revokedAt: null });
    const ended = await sessions().revoke(session.id, USER);
    expect(ended).toEqual({ ...session, revokedAt: new Date(context().clock.now()) });
    await expect(sessions().revoke(session.id, USER)).resolves.toBeNull();
    await expect(sessions().find(session.id)).resolves.toEqual(ended);
    await expect(sessions().revoke('00000000-0000-4000-8000-ffffffffffff', USER)).resolves.toBeNull();
    const expired = newSession({ expiresAt: new Date(context().clock.now() + 1000) });
    await sessions().create(expired);
    advance(1000);
    await expect(sessions().revoke(expired.id, USER)).resolves.toBeNull();
  });

  test('10 concurrent revokes of one session: exactly one ends it', async () => {
    const session = newSession();
    await sessions().create(session);
    const results = await Promise.all(Array.from({ length: 10 }, () => sessions().revoke(session.id, USER)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  test('setTokenVersion moves a live session of the user to a new version; not another user\'s or an ended one', async () => {
    const session = newSession();
    await sessions().create(session);
    await expect(sessions().setTokenVersion(session.id, OTHER_USER, 1)).resolves.toBeNull();
    await expect(sessions().setTokenVersion(session.id, USER, 1)).resolves.toMatchObject({ id: session.id, tokenVersion: 1 });
    expect((await sessions().listLive(USER, 1)).map((s) => s.id)).toEqual([session.id]);
    await expect(sessions().listLive(USER, 0)).resolves.toEqual([]);
    await sessions().revoke(session.id, USER);
    await expect(sessions().setTokenVersion(session.id, USER, 2)).resolves.toBeNull();
  });

  test('setAmr replaces the methods of a live session of the user; not another user\'s or an ended one', async () => {
    const session = newSession();
    await sessions().create(session);
    await expect(sessions().setAmr(session.id, OTHER_USER, ['pwd', 'otp'])).resolves.toBeNull();
    await expect(sessions().setAmr(session.id, USER, ['pwd', 'otp'])).resolves.toMatchObject({ amr: ['pwd', 'otp'] });
    await expect(sessions().find(session.id)).resolves.toMatchObject({ amr: ['pwd', 'otp'] });
    await sessions().revoke(session.id, USER);
    await expect(sessions().setAmr(session.id, USER, ['pwd'])).resolves.toBeNull();
  });

  test('a session revocation rides the revoked-token feed under its own key', async () => {
    const { stores, clock } = context();
    const since = new Date(clock.now());
    const key = sessionRevocationKey('00000000-0000-4000-8000-00000000abcd');
    await expect(
      stores.revokedTokens.revoke({ jti: key, userId: USER, reason: 'session', expiresAt: new Date(clock.now() + HOUR_MS) }),
    ).resolves.toBe(true);
    await expect(stores.revokedTokens.find(key)).resolves.toMatchObject({ reason: 'session' });
    await expect(stores.revokedTokens.revokedSince(since)).resolves.toEqual([{ jti: key, revokedAt: since }]);
    expect(sessionIdOfRevocationKey(key)).toBe('00000000-0000-4000-8000-00000000abcd');
    expect(sessionIdOfRevocationKey('6f1c0d4e-0000-4000-8000-000000000000')).toBeUndefined();
  });
}

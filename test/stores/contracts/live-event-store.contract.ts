import { randomUUID } from 'node:crypto';
import type { ManualClock } from '../../../src/lib/clock';
import type { LiveEventRecord } from '../../../src/stores/live-event.store';
import type { Stores } from '../../../src/stores/stores';

// Part of the store contract (store.contract.test.ts runs it on every backend): events crossing instances.
const MINUTE_MS = 60_000;

export function liveEventStoreContract(context: () => { stores: Stores; clock: ManualClock }): void {
  const event = (overrides: Partial<LiveEventRecord> = {}): LiveEventRecord => {
    const { clock } = context();
    return {
      id: randomUUID(),
      origin: 'instance-a',
      kind: 'session',
      userId: '0123456789abcdef01234567',
      type: 'SESSION_REVOKED',
      sessionId: randomUUID(),
      device: 'Firefox 128 on Linux',
      actorId: null,
      ip: null,
      requestId: null,
      at: new Date(clock.now()),
      expiresAt: new Date(clock.now() + 5 * MINUTE_MS),
      ...overrides,
    };
  };

  test('since returns what append stored, field for field, nulls included', async () => {
    const { stores, clock } = context();
    const session = event();
    const audit = event({
      kind: 'audit', type: 'login_failed', userId: null, sessionId: null, device: null,
      actorId: 'admin-id', ip: '203.0.113.7', requestId: 'req-1', at: new Date(clock.now() + 1),
    });
    await stores.liveEvents.append(session);
    await stores.liveEvents.append(audit);
    await expect(stores.liveEvents.since(new Date(clock.now() - 1))).resolves.toEqual([session, audit]);
  });

  test('since returns events at or after the time only, oldest first', async () => {
    const { stores, clock } = context();
    const old = event();
    await stores.liveEvents.append(old);
    clock.advanceSeconds(1);
    const cut = new Date(clock.now());
    const first = event();
    await stores.liveEvents.append(first);
    clock.advanceSeconds(0.01);
    const second = event({ type: 'MFA_ENABLED' });
    await stores.liveEvents.append(second);
    const found = await stores.liveEvents.since(cut);
    expect(found.map((found) => found.id)).toEqual([first.id, second.id]);
    await expect(stores.liveEvents.since(new Date(clock.now() + 1))).resolves.toEqual([]);
  });

  test('an expired event is not returned, even before the TTL clean-up ran', async () => {
    const { stores, clock } = context();
    const start = new Date(clock.now());
    // A minute, not a second: MongoDB's TTL monitor runs on real time, and this is about the check on read.
    const short = event({ expiresAt: new Date(clock.now() + MINUTE_MS) });
    const long = event();
    await stores.liveEvents.append(short);
    await stores.liveEvents.append(long);
    clock.advanceSeconds(60);
    const found = await stores.liveEvents.since(start);
    expect(found.map((found) => found.id)).toEqual([long.id]);
  });

  test('an event appended later with an earlier time is still found by its time', async () => {
    const { stores, clock } = context();
    const late = event({ at: new Date(clock.now() + 100) });
    const early = event();
    await stores.liveEvents.append(late);
    await stores.liveEvents.append(early);
    const found = await stores.liveEvents.since(new Date(clock.now()));
    expect(found.map((found) => found.id)).toEqual([early.id, late.id]);
  });
}

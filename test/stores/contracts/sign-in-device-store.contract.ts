import type { ManualClock } from '../../../src/lib/clock';
import type { SignInDeviceSighting } from '../../../src/stores/sign-in-device.store';
import type { Stores } from '../../../src/stores/stores';

// Part of the store contract (store.contract.test.ts runs it on every backend): where accounts signed in lately.
const DAY_MS = 86_400_000;
const USER = '0123456789abcdef01234567';
let counter = 0;

export function signInDeviceStoreContract(context: () => { stores: Stores; clock: ManualClock }): void {
  const devices = () => context().stores.signInDevices;
  const sighting = (key: string, lifetimeMs = 90 * DAY_MS): SignInDeviceSighting => {
    const now = context().clock.now();
    return { key, userId: USER, seenAt: new Date(now), expiresAt: new Date(now + lifetimeMs) };
  };
  const newKey = () => `contract-device-${Date.now()}-${++counter}`;

  test('remember: true the first time, false while the record lives', async () => {
    const key = newKey();
    await expect(devices().remember(sighting(key))).resolves.toBe(true);
    await expect(devices().remember(sighting(key))).resolves.toBe(false);
    await expect(devices().remember(sighting(newKey()))).resolves.toBe(true);
  });

  test('each remember extends the record: expiry counts from the last sighting', async () => {
    const key = newKey();
    await devices().remember(sighting(key, 10 * DAY_MS));
    context().clock.advanceSeconds((9 * DAY_MS) / 1000);
    await expect(devices().remember(sighting(key, 10 * DAY_MS))).resolves.toBe(false);
    context().clock.advanceSeconds((9 * DAY_MS) / 1000);
    // 18 days after the first sighting, 9 after the last: still remembered.
    await expect(devices().remember(sighting(key, 10 * DAY_MS))).resolves.toBe(false);
  });

  test('an expired record counts as absent (expiry is checked on read, not left to the TTL monitor)', async () => {
    const key = newKey();
    await devices().remember(sighting(key, DAY_MS));
    context().clock.advanceSeconds(DAY_MS / 1000);
    await expect(devices().remember(sighting(key))).resolves.toBe(true);
    await expect(devices().remember(sighting(key))).resolves.toBe(false);
  });

  test('racing remembers of one new key: exactly one hears true', async () => {
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 8 }, () => devices().remember(sighting(key))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  test('racing remembers of an expired record: exactly one hears true', async () => {
    const key = newKey();
    await devices().remember(sighting(key, DAY_MS));
    context().clock.advanceSeconds(DAY_MS / 1000);
    const results = await Promise.all(Array.from({ length: 8 }, () => devices().remember(sighting(key))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
}

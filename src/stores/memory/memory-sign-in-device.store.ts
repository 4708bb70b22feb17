import type { Clock } from '../../lib/clock';
import type { SignInDeviceSighting, SignInDeviceStore } from '../sign-in-device.store';

/** Same semantics as the MongoDB store; check and write in one turn of the event loop, so it is atomic. */
export class MemorySignInDeviceStore implements SignInDeviceStore {
  private readonly byKey = new Map<string, SignInDeviceSighting>();

  constructor(private readonly clock: Clock) {}

  async remember(sighting: SignInDeviceSighting): Promise<boolean> {
    const before = this.byKey.get(sighting.key);
    this.byKey.set(sighting.key, { ...sighting, seenAt: new Date(sighting.seenAt), expiresAt: new Date(sighting.expiresAt) });
    // Expired records stay until overwritten (the memory store keeps no TTL clean-up; expiry is decided here).
    return !before || before.expiresAt.getTime() <= this.clock.now();
  }
}

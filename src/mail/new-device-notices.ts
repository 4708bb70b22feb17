import { createHash } from 'node:crypto';
import type { Clock } from '../lib/clock';
import type { RequestInfo } from '../lib/request-context';
import { clientSubnet } from '../security/client-subnet';
import { deviceLabel, userAgentFamily } from '../sessions/device-label';
import type { SignInDeviceStore } from '../stores/sign-in-device.store';
import type { UserRecord } from '../stores/user.store';
import type { AccountMail } from './account-mail';
import type { SecurityNotifications } from './security-notifications';

/** How long a device and network stay known after the account last signed in from them. */
export const KNOWN_DEVICE_SECONDS = 90 * 24 * 3600;

/**
 * NOTIFY_NEW_DEVICE: the owner hears of a sign-in from a device and network pair the account has not used in
 * the last 90 days. The device is the browser family and operating system without versions (the label's
 * version changes with every browser update, which would make each update "new"); the network is the /24 or
 * /48 of the client address. The record is an opaque hash, written in the background after the answer went out.
 */
export class NewDeviceNotices {
  constructor(
    private readonly store: SignInDeviceStore,
    private readonly clock: Clock,
    private readonly mail: AccountMail,
    private readonly notifications: SecurityNotifications,
    private readonly enabled: boolean,
  ) {}

  /** A completed sign-in. `notify: false` (a registration, a reset link) only remembers the place. */
  signedIn(user: UserRecord, request: RequestInfo, notify: boolean): void {
    if (!this.enabled) return;
    const now = this.clock.now();
    const network = clientSubnet(request.ip);
    const key = createHash('sha256').update(`${user.id}\n${userAgentFamily(request.userAgent)}\n${network}`).digest('base64url');
    const remember = () =>
      this.store.remember({ key, userId: user.id, seenAt: new Date(now), expiresAt: new Date(now + KNOWN_DEVICE_SECONDS * 1000) });
    if (!notify) {
      this.mail.send('sign_in_device_remembered', async () => (await remember(), null));
      return;
    }
    this.notifications.newDevice(user, { device: deviceLabel(request.userAgent), network, at: new Date(now) }, remember);
  }
}

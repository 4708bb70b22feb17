import type { CredentialStorage } from './refresh-credential';

/**
 * The device tokens this browser was given, one per account, in localStorage: unlike the refresh token they
 * must outlive the tab and the session, because what they prove is "this device has logged into this account
 * before", which lets its next login through while a stranger is guessing the password (README). They are
 * not credentials: stolen, one only gives a thief the login budget anyone gets for an email.
 */
const KEY = 'tokengate.devices';

/** The form the server compares emails in, near enough: a miss only means the login counts as a new device's. */
const accountKey = (email: string): string => email.trim().toLowerCase();

export class DeviceTokenStore {
  constructor(private readonly storage: CredentialStorage) {}

  /** The token to send with a login to `email`; null when this device has none for that account. */
  tokenFor(email: string): string | null {
    const token = this.all()[accountKey(email)];
    return typeof token === 'string' ? token : null;
  }

  /** Keeps the newest token of the account; null (refresh, or cookie mode where it is a cookie) keeps the old one. */
  remember(email: string, deviceToken: string | null | undefined): void {
    if (!deviceToken) return;
    this.storage.setItem(KEY, JSON.stringify({ ...this.all(), [accountKey(email)]: deviceToken }));
  }

  private all(): Record<string, unknown> {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(KEY) ?? '{}');
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
}

import { TokenError } from '../auth/tokens/token.errors';
import type { DeviceClaims, TokenService } from '../auth/tokens/token.service';
import type { UserStore } from '../stores/user.store';
import { parseEmail } from '../users/user.input-rules';

/**
 * OWASP's device cookies against lockout abuse: a device that once completed a login to an account holds
 * a device token for it, and its logins spend the device's own budget instead of the account's (per-email)
 * one, which any stranger can exhaust. A device token is not a credential: it never signs anyone in.
 */
export class KnownDevices {
  constructor(
    private readonly users: Pick<UserStore, 'findByEmail'>,
    private readonly tokens: TokenService,
  ) {}

  /**
   * The id of the device token when it is valid for the account that `email` names right now: signed by
   * us, of type device, unexpired, issued to that user and at its current token version (logoutAll,
   * changePassword and refresh reuse void it). Anything else (forged, expired, voided, another account's,
   * an access or refresh token) is undefined: the login then counts as one from an unknown device.
   */
  async recognise(email: unknown, deviceToken: unknown): Promise<string | undefined> {
    if (typeof deviceToken !== 'string' || deviceToken === '' || typeof email !== 'string') return undefined;
    const claims = this.verified(deviceToken);
    const account = accountEmail(email);
    if (!claims || !account) return undefined;
    const user = await this.users.findByEmail(account);
    if (!user || user.id !== claims.sub || user.tokenVersion !== claims.ver) return undefined;
    return claims.jti;
  }

  private verified(deviceToken: string): DeviceClaims | undefined {
    try {
      return this.tokens.verifyDevice(deviceToken);
    } catch (error) {
      if (error instanceof TokenError) return undefined;
      throw error;
    }
  }
}

/** The email as login parses it; one that login refuses names no account (login reports it). */
function accountEmail(email: string): string | undefined {
  try {
    return parseEmail(email);
  } catch {
    return undefined;
  }
}

import type { RequestInfo } from '../lib/request-context';
import type { UserRecord } from '../stores/user.store';

/**
 * What the account-by-email side (src/mail/) does when sign-in events happen. AuthService calls these and
 * knows nothing of mail; none of them may change the answer of the mutation that triggered it.
 */
export interface AccountHooks {
  /** A new account: its verification mail goes out in the background. */
  registered(user: UserRecord, request: RequestInfo): void;
  /** changePassword succeeded: outstanding reset links are void, and the owner is told. */
  passwordChanged(user: UserRecord, request: RequestInfo): Promise<void>;
  /**
   * A sign-in completed and its session started: the owner is told when the device and network are new
   * (NOTIFY_NEW_DEVICE). `reset_link`: remembered only (the reset already mailed the owner).
   */
  signedIn(user: UserRecord, request: RequestInfo, how: SignInMethod): void;
  /** confirmTotpEnrollment turned 2FA on, or disableTotp turned it off: the owner is told. */
  secondFactorChanged(user: UserRecord, change: 'enabled' | 'disabled', request: RequestInfo): void;
}

/** How a sign-in was completed: a password (login), a second factor (completeMfaLogin), a password-reset link. */
export type SignInMethod = 'password' | 'second_factor' | 'reset_link';

export interface AuthOptions {
  /** REQUIRE_VERIFIED_EMAIL: no tokens for an address that is not verified. */
  requireVerifiedEmail: boolean;
}

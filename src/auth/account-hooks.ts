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
}

export interface AuthOptions {
  /** REQUIRE_VERIFIED_EMAIL: no tokens for an address that is not verified. */
  requireVerifiedEmail: boolean;
}

import type { GraphQLError } from 'graphql';
import { AuditLog } from '../audit/audit-log';
import { badUserInput, invalidMfaCode } from '../errors/api-errors';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { RequestInfo } from '../lib/request-context';
import type { Stores } from '../stores/stores';
import type { UserRecord } from '../stores/user.store';
import { totpSecretContext } from './mfa-state';
import { normalizeRecoveryCode, recoveryCodeHash } from './recovery-codes';
import type { SecretBox } from './secret-box';
import { isTotpCodeShape, matchingStep } from './totp';
import type { WrongCodeBudget } from './wrong-code-budget';

/** The amr of a session whose user proved the second factor with a TOTP code, or with a recovery code. */
export const AMR_TOTP: readonly string[] = ['pwd', 'otp'];
export const AMR_RECOVERY: readonly string[] = ['pwd', 'otp', 'rec'];

export const codeShapeRefused = (): GraphQLError =>
  badUserInput('code', 'A code is the 6 digits of the authenticator app, or a recovery code such as abcde-fghij');

export interface CheckOptions {
  /** completeMfaLogin: the challenge's own budget of wrong codes is spent too. */
  challengeJti?: string;
  /** The error a wrong code answers with (UNAUTHENTICATED at login, BAD_USER_INPUT when signed in). */
  wrong: () => GraphQLError;
  /** True for confirmTotpEnrollment: only a TOTP code. */
  totpOnly?: boolean;
}

/**
 * Checks a second factor of a user whose 2FA is on: a TOTP code (each time step at most once per user,
 * by a conditional update of the last step used) or a recovery code (once ever, pulled from the list).
 * A code of the wrong shape is refused before anything is counted or changed.
 */
export class SecondFactor {
  private readonly audit: AuditLog;

  constructor(
    private readonly stores: Stores,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly budget: WrongCodeBudget,
    logger: Logger,
  ) {
    this.audit = new AuditLog(logger);
  }

  /** Returns the amr the code proves; throws options.wrong() for a wrong or replayed code. */
  async check(user: UserRecord, code: string, request: RequestInfo, options: CheckOptions): Promise<readonly string[]> {
    const totp = isTotpCodeShape(code.trim());
    const recovery = totp || options.totpOnly ? undefined : normalizeRecoveryCode(code);
    if (!totp && !recovery) throw codeShapeRefused();
    const attempt = await this.budget.reserve(user.id, request, options.challengeJti);
    const amr = totp ? await this.spendTotp(user, code.trim()) : await this.spendRecoveryCode(user, recovery as string);
    if (!amr) {
      this.audit.record('mfa_failed', { userId: user.id, method: totp ? 'totp' : 'recovery_code' }, request);
      throw options.wrong();
    }
    await attempt.giveBack();
    return amr;
  }

  /**
   * confirmTotpEnrollment: the time step of a right code for the pending factor; enableTotp spends it. The
   * pending secret is not re-sealed here, as enableTotp is conditional on the sealed value it was read with.
   */
  async checkPending(user: UserRecord, code: string, request: RequestInfo): Promise<number> {
    const sealed = user.totp?.encryptedSecret;
    if (!sealed) throw new Error('the user has no TOTP factor');
    const attempt = await this.budget.reserve(user.id, request);
    const step = matchingStep(this.box.open(sealed, totpSecretContext(user.id)).plaintext, code, this.clock.now());
    if (step === undefined) {
      this.audit.record('mfa_failed', { userId: user.id, method: 'totp' }, request);
      throw invalidMfaCode();
    }
    await attempt.giveBack();
    return step;
  }

  /** The plain secret of the user's factor; one sealed with a previous key is sealed again with the current one. */
  async openSecret(user: UserRecord): Promise<string> {
    const sealed = user.totp?.encryptedSecret;
    if (!sealed) throw new Error('the user has no TOTP factor');
    const { plaintext, stale } = this.box.open(sealed, totpSecretContext(user.id));
    if (stale && this.box.available) {
      // Conditional on the stored value: a concurrent re-encryption (or re-enrollment) wins, nothing is lost.
      await this.stores.users.reencryptTotpSecret(user.id, sealed, this.box.seal(plaintext, totpSecretContext(user.id)));
    }
    return plaintext;
  }

  private async spendTotp(user: UserRecord, code: string): Promise<readonly string[] | undefined> {
    const step = matchingStep(await this.openSecret(user), code, this.clock.now());
    if (step === undefined) return undefined;
    // The update decides: a replay (or a racing request with the same code) finds the step already spent.
    return (await this.stores.users.recordTotpStep(user.id, step)) ? AMR_TOTP : undefined;
  }

  private async spendRecoveryCode(user: UserRecord, normalized: string): Promise<readonly string[] | undefined> {
    return (await this.stores.users.useRecoveryCode(user.id, recoveryCodeHash(user.id, normalized))) ? AMR_RECOVERY : undefined;
  }
}

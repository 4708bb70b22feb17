import { AuditLog } from '../audit/audit-log';
import type { AccountHooks } from '../auth/account-hooks';
import type { Caller } from '../auth/auth.service';
import type { MfaConfig } from '../config/mfa.config';
import { badUserInput, invalidMfaCode, mfaAlreadyEnabled, mfaNotEnabled, mfaUnavailable, tokenRejected } from '../errors/api-errors';
import type { Logger } from '../lib/logger';
import { noSessionEvents, type SessionEventPublisher } from '../realtime/session-events';
import { actingDevice } from '../sessions/device-label';
import type { RequestInfo } from '../lib/request-context';
import type { Stores } from '../stores/stores';
import type { UserRecord } from '../stores/user.store';
import { isMfaEnabled, totpSecretContext } from './mfa-state';
import type { OtherSessions } from './other-sessions';
import { newRecoveryCodes, normalizeRecoveryCode, recoveryCodeHash } from './recovery-codes';
import type { SecondFactor } from './second-factor';
import type { SecretBox } from './secret-box';
import { isTotpCodeShape, newTotpSecret, otpauthUri, qrCodeSvg } from './totp';

export interface TotpEnrollmentDetails {
  /** Base32, for typing into an app by hand. */
  secret: string;
  otpauthUri: string;
  qrCodeSvg: string;
}

/** Turning TOTP on and off, and the recovery codes: each change ends the user's other sessions. */
export class TotpEnrollmentService {
  private readonly audit: AuditLog;

  constructor(
    private readonly stores: Stores,
    private readonly box: SecretBox,
    private readonly secondFactor: SecondFactor,
    private readonly otherSessions: OtherSessions,
    private readonly config: Pick<MfaConfig, 'issuer'>,
    logger: Logger,
    /** The owner's mail when 2FA turns on or off (src/mail/); none in unit set-ups. */
    private readonly hooks?: Pick<AccountHooks, 'secondFactorChanged'>,
    /** MFA_ENABLED / MFA_DISABLED for the user's sockets (sessionEvents). */
    private readonly events: SessionEventPublisher = noSessionEvents,
  ) {
    this.audit = new AuditLog(logger);
  }

  /** A new secret, pending until confirmed; beginning again replaces a pending one. */
  async begin(caller: Caller, request: RequestInfo): Promise<TotpEnrollmentDetails> {
    if (!this.box.available) throw mfaUnavailable();
    const user = await this.currentUser(caller);
    if (isMfaEnabled(user)) throw mfaAlreadyEnabled();
    const secret = newTotpSecret();
    // Sealed before it is stored: the secret is never written in the clear, not even while pending.
    if (!(await this.stores.users.startTotpEnrollment(user.id, this.box.seal(secret, totpSecretContext(user.id))))) {
      throw mfaAlreadyEnabled(); // confirmed by a concurrent request meanwhile
    }
    await this.otherSessions.end(caller, 'totp_enrollment_started', request);
    this.audit.record('totp_enrollment_started', { userId: user.id }, request);
    const uri = otpauthUri(secret, this.config.issuer, user.email);
    return { secret, otpauthUri: uri, qrCodeSvg: await qrCodeSvg(uri) };
  }

  /** The first code from the app turns 2FA on; returns the recovery codes, shown this once. */
  async confirm(caller: Caller, code: string, request: RequestInfo): Promise<string[]> {
    if (!isTotpCodeShape(code.trim())) throw badUserInput('code', 'The code is the 6 digits the authenticator app shows');
    const user = await this.currentUser(caller);
    if (isMfaEnabled(user)) throw mfaAlreadyEnabled();
    const pending = user.totp;
    if (!pending) throw mfaNotEnabled('No enrollment to confirm: call beginTotpEnrollment first');
    const step = await this.secondFactor.checkPending(user, code.trim(), request);
    const codes = newRecoveryCodes();
    const enabled = await this.stores.users.enableTotp(user.id, {
      encryptedSecret: pending.encryptedSecret,
      step,
      recoveryCodeHashes: codes.map((one) => recoveryCodeHash(user.id, normalizeRecoveryCode(one) as string)),
    });
    if (!enabled) {
      // Another request confirmed (or began again) in between: only one confirmation wins.
      const now = await this.currentUser(caller);
      throw isMfaEnabled(now) ? mfaAlreadyEnabled() : invalidMfaCode();
    }
    await this.events.publish({ userId: user.id, type: 'MFA_ENABLED', sessionId: caller.token.sid, device: actingDevice(request) });
    await this.otherSessions.end(caller, 'totp_enabled', request);
    this.audit.record('totp_enabled', { userId: user.id }, request);
    this.hooks?.secondFactorChanged(enabled, 'enabled', request);
    return codes;
  }

  /** New recovery codes replace every old one; a TOTP code or a recovery code proves the factor. */
  async regenerateRecoveryCodes(caller: Caller, code: string, request: RequestInfo): Promise<string[]> {
    const user = await this.enabledUser(caller);
    await this.secondFactor.check(user, code, request, { wrong: invalidMfaCode });
    const codes = newRecoveryCodes();
    const hashes = codes.map((one) => recoveryCodeHash(user.id, normalizeRecoveryCode(one) as string));
    if (!(await this.stores.users.replaceRecoveryCodes(user.id, hashes))) throw mfaNotEnabled();
    this.audit.record('recovery_codes_regenerated', { userId: user.id }, request);
    return codes;
  }

  /** Turns 2FA off, given a current TOTP code or a recovery code. */
  async disable(caller: Caller, code: string, request: RequestInfo): Promise<void> {
    const user = await this.enabledUser(caller);
    await this.secondFactor.check(user, code, request, { wrong: invalidMfaCode });
    const disabled = await this.stores.users.disableTotp(user.id);
    if (!disabled) throw mfaNotEnabled();
    await this.events.publish({ userId: user.id, type: 'MFA_DISABLED', sessionId: caller.token.sid, device: actingDevice(request) });
    await this.otherSessions.end(caller, 'totp_disabled', request);
    this.audit.record('totp_disabled', { userId: user.id }, request);
    this.hooks?.secondFactorChanged(disabled, 'disabled', request);
  }

  private async enabledUser(caller: Caller): Promise<UserRecord> {
    const user = await this.currentUser(caller);
    if (!isMfaEnabled(user)) throw mfaNotEnabled();
    return user;
  }

  /** The caller's record read now, not the request's (possibly cached) copy: the factor's state decides. */
  private async currentUser(caller: Caller): Promise<UserRecord> {
    const user = await this.stores.users.findById(caller.user.id);
    if (!user) throw tokenRejected('TOKEN_REVOKED', 'The user no longer exists');
    return user;
  }
}

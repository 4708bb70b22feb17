import type { UserRecord } from '../stores/user.store';
import type { AccountMail } from './account-mail';
import {
  emailChangedMail, emailChangeRequestedMail, newDeviceMail, type NewDeviceDetails, passwordChangedMail, secondFactorChangedMail,
} from './templates/account-mails';

/**
 * Mails that tell the owner something security-relevant happened to the account, sent to its address in
 * the background: none of them delays or changes the answer of the operation that caused it.
 */
export class SecurityNotifications {
  constructor(private readonly mail: AccountMail) {}

  passwordChanged(user: UserRecord, how: 'changed' | 'reset'): void {
    const mail = passwordChangedMail({ product: this.mail.productName, how });
    this.mail.send(`password_${how}_notice`, async () => ({ to: user.email, mail }));
  }

  /** To the current address, when a change to `newEmail` is asked for: the owner learns of it before the switch. */
  emailChangeRequested(user: UserRecord, newEmail: string): void {
    const mail = emailChangeRequestedMail({ product: this.mail.productName, newEmail });
    this.mail.send('email_change_requested_notice', async () => ({ to: user.email, mail }));
  }

  /** To the address the account just left. */
  emailChanged(oldEmail: string, newEmail: string): void {
    const mail = emailChangedMail({ product: this.mail.productName, newEmail });
    this.mail.send('email_changed_notice', async () => ({ to: oldEmail, mail }));
  }

  /** confirmTotpEnrollment turned 2FA on, or disableTotp turned it off. */
  secondFactorChanged(user: UserRecord, change: 'enabled' | 'disabled'): void {
    const mail = secondFactorChangedMail({ product: this.mail.productName, change });
    this.mail.send(`mfa_${change}_notice`, async () => ({ to: user.email, mail }));
  }

  /**
   * A sign-in from a device and network the account has not used lately. `isNew` decides, in the background
   * (it records the sighting): the mail goes out only when it says so. It runs once, even when sending is retried.
   */
  newDevice(user: UserRecord, details: NewDeviceDetails, isNew: () => Promise<boolean>): void {
    let decided: boolean | undefined;
    this.mail.send('new_device_notice', async () => {
      // Remembered once: a retried send must not ask again (the second answer would be "known").
      decided ??= await isNew();
      return decided ? { to: user.email, mail: newDeviceMail({ product: this.mail.productName, ...details }) } : null;
    });
  }
}

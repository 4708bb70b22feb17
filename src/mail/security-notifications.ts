import type { UserRecord } from '../stores/user.store';
import type { AccountMail } from './account-mail';
import { emailChangedMail, emailChangeRequestedMail, passwordChangedMail } from './templates/account-mails';

/**
 * Mails that tell the owner something security-relevant happened to the account, sent to its address in
 * the background. Seams for later work: a sign-in from a new device (NOTIFY_NEW_DEVICE, needs the sessions'
 * device label) and 2FA turned on or off (the MFA mutations) add a method and a template each here.
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
}

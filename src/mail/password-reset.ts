import type { AuditLog } from '../audit/audit-log';
import type { AuthService, Session } from '../auth/auth.service';
import type { PasswordHasher } from '../auth/passwords/password.hasher';
import { assertAcceptablePassword } from '../auth/passwords/password.policy';
import { linkRejected } from '../errors/api-errors';
import type { RequestInfo } from '../lib/request-context';
import type { UserStore } from '../stores/user.store';
import { findUserByEmail, parseEmail } from '../users/user.input-rules';
import type { AccountMail } from './account-mail';
import type { LinkTokens } from './link-tokens';
import type { SecurityNotifications } from './security-notifications';
import { passwordResetMail } from './templates/account-mails';

/** A forgotten password: a link mailed to the account's address sets a new one and signs in. */
export class PasswordReset {
  constructor(
    private readonly users: UserStore,
    private readonly links: LinkTokens,
    private readonly passwords: PasswordHasher,
    private readonly auth: AuthService,
    private readonly mail: AccountMail,
    private readonly notifications: SecurityNotifications,
    private readonly audit: AuditLog,
  ) {}

  /**
   * requestPasswordReset: always the same answer, in the same time, for known and unknown addresses: the
   * account is looked up, and the link issued and mailed, after the answer has gone out.
   */
  request(email: string, request: RequestInfo): void {
    this.mail.assertEnabled();
    const address = parseEmail(email);
    this.mail.send('password_reset', async () => {
      const user = await findUserByEmail(this.users, address, email);
      if (!user) return null;
      this.audit.record('password_reset_requested', { userId: user.id }, request);
      const token = await this.links.issue('password_reset', { userId: user.id, email: user.email });
      const url = this.mail.linkTo('password_reset', token);
      const ttlSeconds = this.links.lifetimeOf('password_reset');
      return { to: user.email, mail: passwordResetMail({ product: this.mail.productName, url, ttlSeconds }) };
    });
  }

  /**
   * resetPassword: the new password is checked before the link is spent (a refused password leaves it usable);
   * then one atomic consume decides between racing clicks. Every session ends (token version), the address
   * counts as verified (the link proved it), the owner is told, and the caller is signed in.
   */
  async reset(token: string, newPassword: string, request: RequestInfo): Promise<Session> {
    const link = await this.links.peek('password_reset', token);
    const user = await this.users.findById(link.userId);
    // Sent to an address the account no longer has: that mailbox proves nothing now.
    if (!user || user.email !== link.email) throw linkRejected('LINK_INVALID');
    assertAcceptablePassword(newPassword, 'newPassword', user.email, this.passwords.maxNewPasswordBytes);
    const hash = await this.passwords.hash(newPassword);
    await this.links.consume('password_reset', token);
    const updated = await this.users.resetPassword(user.id, hash);
    if (!updated) throw linkRejected('LINK_INVALID');
    this.audit.record('password_reset', { userId: updated.id }, request);
    this.notifications.passwordChanged(updated, 'reset');
    return this.auth.signInWithLink(updated, request);
  }
}

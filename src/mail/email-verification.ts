import type { AuditLog } from '../audit/audit-log';
import { linkRejected } from '../errors/api-errors';
import type { RequestInfo } from '../lib/request-context';
import type { UserRecord, UserStore } from '../stores/user.store';
import { findUserByEmail, parseEmail } from '../users/user.input-rules';
import type { AccountMail } from './account-mail';
import type { LinkTokens } from './link-tokens';
import { verifyEmailMail } from './templates/account-mails';

/** Proving that an address belongs to the person who typed it: a link mailed to it, opened once. */
export class EmailVerification {
  constructor(
    private readonly users: UserStore,
    private readonly links: LinkTokens,
    private readonly mail: AccountMail,
    private readonly audit: AuditLog,
  ) {}

  /** After register: the mail goes out in the background; register's answer does not wait for it. */
  sendTo(user: UserRecord, request: RequestInfo): void {
    if (user.emailVerified || !this.mail.enabled) return;
    this.audit.record('email_verification_sent', { userId: user.id }, request);
    this.mail.send('email_verification', () => this.compose(user));
  }

  /**
   * sendVerificationEmail: the same answer, in the same time, whatever the address; only an unverified account
   * gets a mail. The account is looked up after the answer, in the background.
   */
  request(email: string, request: RequestInfo): void {
    this.mail.assertEnabled();
    const address = parseEmail(email);
    this.mail.send('email_verification', async () => {
      const user = await findUserByEmail(this.users, address, email);
      if (!user || user.emailVerified) return null;
      this.audit.record('email_verification_sent', { userId: user.id }, request);
      return this.compose(user);
    });
  }

  /** verifyEmail: spends the link and marks the address it was sent to verified (still the account's address). */
  async verify(token: string, request: RequestInfo): Promise<UserRecord> {
    const link = await this.links.consume('email_verification', token);
    // The address changed since the mail was sent: the link proves the old one, which no longer matters.
    const user = await this.users.markEmailVerified(link.userId, link.email);
    if (!user) throw linkRejected('LINK_INVALID');
    this.audit.record('email_verified', { userId: user.id }, request);
    return user;
  }

  private async compose(user: UserRecord) {
    const token = await this.links.issue('email_verification', { userId: user.id, email: user.email });
    const url = this.mail.linkTo('email_verification', token);
    const ttlSeconds = this.links.lifetimeOf('email_verification');
    return { to: user.email, mail: verifyEmailMail({ product: this.mail.productName, url, ttlSeconds }) };
  }
}

import type { AuditLog } from '../audit/audit-log';
import type { Caller, SecondFactorCheck } from '../auth/auth.service';
import type { PasswordHasher } from '../auth/passwords/password.hasher';
import { badUserInput, linkEmailTaken, linkRejected } from '../errors/api-errors';
import type { RequestInfo } from '../lib/request-context';
import { noSessionEvents, type SessionEventPublisher } from '../realtime/session-events';
import { actingDevice } from '../sessions/device-label';
import type { SessionStore } from '../stores/session.store';
import { DuplicateEmailError, type UserRecord, type UserStore } from '../stores/user.store';
import { findUserByEmail, parseEmail } from '../users/user.input-rules';
import type { AccountMail } from './account-mail';
import type { LinkTokens } from './link-tokens';
import type { SecurityNotifications } from './security-notifications';
import { emailChangeConfirmMail } from './templates/account-mails';

/** Moving an account to another address: the current password to ask, a link to the new address to confirm. */
export class EmailChange {
  constructor(
    private readonly users: UserStore,
    private readonly sessions: SessionStore,
    private readonly links: LinkTokens,
    private readonly passwords: PasswordHasher,
    /** A 2FA user also gives a current code (mfa/mfa-login.service.ts requireCode), as changePassword does. */
    private readonly secondFactor: SecondFactorCheck,
    private readonly mail: AccountMail,
    private readonly notifications: SecurityNotifications,
    private readonly audit: AuditLog,
    /** EMAIL_CHANGED for the user's sockets (sessionEvents). */
    private readonly events: SessionEventPublisher = noSessionEvents,
  ) {}

  /**
   * requestEmailChange: a link to the new address (none when it is taken, with the same answer) and a notice
   * to the current one. The asking session's id travels with the link: confirming keeps it signed in.
   * An account with 2FA also gives a current `code` (a TOTP or a recovery code): a stolen session and password
   * alone cannot move the account (and with it, its password resets) to another mailbox.
   */
  async request(
    caller: Caller,
    input: { newEmail: string; currentPassword: string; code?: string | null },
    request: RequestInfo,
  ): Promise<void> {
    this.mail.assertEnabled();
    const newEmail = parseEmail(input.newEmail, 'newEmail');
    if (!(await this.passwords.verify(input.currentPassword, caller.user.passwordHash))) {
      throw badUserInput('currentPassword', 'The current password is incorrect');
    }
    const user = caller.user;
    if (newEmail === user.email) throw badUserInput('newEmail', 'This is already the address of the account');
    // After the password and the address, so a mistake there does not spend the code's time step (as changePassword).
    await this.secondFactor.requireCode(user, input.code, request);
    this.audit.record('email_change_requested', { userId: user.id }, request);
    this.notifications.emailChangeRequested(user, newEmail);
    this.mail.send('email_change', async () => {
      // Taken (in either stored form): no link, and the caller hears the same as for a free address.
      if (await findUserByEmail(this.users, newEmail, input.newEmail)) return null;
      const token = await this.links.issue('email_change', { userId: user.id, email: newEmail, sid: caller.token.sid });
      const url = this.mail.linkTo('email_change', token);
      const ttlSeconds = this.links.lifetimeOf('email_change');
      return { to: newEmail, mail: emailChangeConfirmMail({ product: this.mail.productName, url, ttlSeconds }) };
    });
  }

  /**
   * confirmEmailChange: spends the link, then switches the address in one write that also raises the token
   * version, sparing the session that asked. The unique index decides a race for the address.
   */
  async confirm(token: string, request: RequestInfo): Promise<UserRecord> {
    const link = await this.links.consume('email_change', token);
    const before = await this.users.findById(link.userId);
    if (!before) throw linkRejected('LINK_INVALID');
    // Written before the change that ends the other sessions' sockets, so other instances read it no later (as
    // logoutAll and changePassword do). A race for the address lost below costs a spurious event (a tab refetches
    // `me` and finds the old address), never a missed one.
    await this.events.publish({ userId: before.id, type: 'EMAIL_CHANGED', sessionId: link.sid ?? null, device: actingDevice(request) });
    let updated: UserRecord | null;
    try {
      updated = await this.users.changeEmail(before.id, link.email, link.sid);
    } catch (error) {
      if (error instanceof DuplicateEmailError) throw linkEmailTaken();
      throw error;
    }
    if (!updated) throw linkRejected('LINK_INVALID');
    // The asking session goes on under the new token version (listed, refreshable); every other one ended with the old.
    if (link.sid) await this.sessions.setTokenVersion(link.sid, updated.id, updated.tokenVersion);
    // Links mailed to the old address must not act on the account any more.
    await Promise.all([this.links.voidUnused(updated.id, 'password_reset'), this.links.voidUnused(updated.id, 'email_verification')]);
    this.audit.record('email_changed', { userId: updated.id, keptSession: Boolean(link.sid) }, request);
    if (before.email !== updated.email) this.notifications.emailChanged(before.email, updated.email);
    return updated;
  }
}

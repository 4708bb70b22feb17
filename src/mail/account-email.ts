import { AuditLog } from '../audit/audit-log';
import type { AccountHooks } from '../auth/account-hooks';
import type { AuthService, SecondFactorCheck } from '../auth/auth.service';
import type { SessionEventPublisher } from '../realtime/session-events';
import type { PasswordHasher } from '../auth/passwords/password.hasher';
import type { MailConfig } from '../config/mail.config';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { Stores } from '../stores/stores';
import { AccountMail } from './account-mail';
import { EmailChange } from './email-change';
import { EmailVerification } from './email-verification';
import { LinkTokens } from './link-tokens';
import { MailQueue } from './mail-queue';
import { NewDeviceNotices } from './new-device-notices';
import { createMailTransport } from './mail-transport';
import { PasswordReset } from './password-reset';
import { SecurityNotifications } from './security-notifications';

/** The account-by-email flows, wired once (services.ts): verification, reset, email change, notifications. */
export interface AccountEmail {
  mail: AccountMail;
  verification: EmailVerification;
  passwordReset: PasswordReset;
  emailChange: EmailChange;
  notifications: SecurityNotifications;
  newDevices: NewDeviceNotices;
}

export interface AccountEmailDeps {
  config: MailConfig;
  stores: Stores;
  clock: Clock;
  logger: Logger;
  passwords: PasswordHasher;
  /** Mail retries wait this long before the second attempt (tests shorten it). */
  firstRetryMs?: number;
  /** EMAIL_CHANGED for the sockets (src/realtime/); none without real time. */
  events?: SessionEventPublisher;
}

/**
 * Two steps because AuthService and the flows need each other: `hooks` go into AuthService and the 2FA services
 * (register mails, changePassword, sign-ins and 2FA changes notify), then `attach(auth, secondFactor)` gives the
 * flows that sign in (resetPassword) their AuthService, and requestEmailChange the code check of a 2FA user.
 */
export function prepareAccountEmail(deps: AccountEmailDeps): {
  hooks: AccountHooks;
  attach(auth: AuthService, secondFactor: SecondFactorCheck): AccountEmail;
} {
  const { config, stores, clock, logger, passwords } = deps;
  const transport = createMailTransport(config, logger);
  const queue = transport && new MailQueue(transport, logger, deps.firstRetryMs);
  const mail = new AccountMail(config, queue, logger);
  const audit = new AuditLog(logger);
  const links = new LinkTokens(stores.linkTokens, clock, config.linkTtlSeconds);
  const notifications = new SecurityNotifications(mail);
  const newDevices = new NewDeviceNotices(stores.signInDevices, clock, mail, notifications, config.notifyNewDevice);
  const verification = new EmailVerification(stores.users, links, mail, audit);
  const hooks: AccountHooks = {
    registered: (user, request) => {
      verification.sendTo(user, request);
      // The device that creates the account is its first: known from now on, and no mail about it.
      newDevices.signedIn(user, request, false);
    },
    passwordChanged: async (user) => {
      // A reset link mailed before the change must not undo it.
      await links.voidUnused(user.id, 'password_reset');
      notifications.passwordChanged(user, 'changed');
    },
    signedIn: (user, request, how) => newDevices.signedIn(user, request, how !== 'reset_link'),
    secondFactorChanged: (user, change) => notifications.secondFactorChanged(user, change),
  };
  return {
    hooks,
    attach: (auth, secondFactor) => ({
      mail,
      verification,
      passwordReset: new PasswordReset(stores.users, links, passwords, auth, mail, notifications, audit),
      emailChange: new EmailChange(stores.users, stores.sessions, links, passwords, secondFactor, mail, notifications, audit, deps.events),
      notifications,
      newDevices,
    }),
  };
}

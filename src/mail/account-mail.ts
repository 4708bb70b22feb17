import type { MailConfig } from '../config/mail.config';
import { mailUnavailable } from '../errors/api-errors';
import type { Logger } from '../lib/logger';
import type { LinkPurpose } from '../stores/link-token.store';
import type { MailJob, MailQueue } from './mail-queue';
import type { RenderedMail } from './templates/layout';

/** The page of the web app (under APP_URL) that each kind of link opens. */
export const LINK_PAGES: Record<LinkPurpose, string> = {
  email_verification: '/verify-email',
  password_reset: '/reset-password',
  email_change: '/confirm-email-change',
};

/**
 * The mail side of the account flows: whether mail is on, the links (from APP_URL only, never a Host header),
 * and the queue that sends in the background. A send that fails is retried and logged, never reported to the client.
 */
export class AccountMail {
  constructor(
    private readonly config: MailConfig,
    private readonly queue: MailQueue | undefined,
    readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.queue !== undefined;
  }

  get productName(): string {
    return this.config.productName;
  }

  /** For the operations that exist only to send a mail: SERVICE_UNAVAILABLE when mail is disabled. */
  assertEnabled(): void {
    if (!this.queue) throw mailUnavailable();
  }

  linkTo(purpose: LinkPurpose, token: string): string {
    return `${this.config.appUrl}${LINK_PAGES[purpose]}?token=${encodeURIComponent(token)}`;
  }

  /**
   * Queues a mail whose content is decided when the job runs (after the answer went out): the job may look up
   * the account and issue a link. Returns at once; nothing when mail is disabled.
   */
  send(kind: string, job: () => Promise<{ to: string; mail: RenderedMail } | null>): void {
    const build: MailJob = async () => {
      const built = await job();
      return built && { to: built.to, ...built.mail };
    };
    this.queue?.enqueue(kind, build);
  }

  /** Waits for every queued mail (tests; shutdown). */
  async idle(): Promise<void> {
    await this.queue?.idle();
  }

  async close(): Promise<void> {
    await this.queue?.close();
  }
}

import type { Logger } from '../lib/logger';
import type { MailMessage, MailTransport } from './mail-transport';

/** Attempts per mail, and the wait before the second; each later wait is four times longer (1 s, 4 s, 16 s). */
export const MAIL_ATTEMPTS = 4;
export const MAIL_FIRST_RETRY_MS = 1_000;

/**
 * A job that decides what to send when it runs (it may issue a link token first): null sends nothing. Built
 * again on each attempt, so a retried link is a fresh one (a newer link replaces the older anyway).
 */
export type MailJob = () => Promise<MailMessage | null>;

/**
 * Sends in the background: a request never waits for SMTP, and a failure never changes its answer. A failed
 * attempt is retried with backoff; the last failure is logged (kind and error, never the address or content).
 */
export class MailQueue {
  private readonly pending = new Set<Promise<void>>();
  /** Waits between attempts: close() cuts them short. */
  private readonly waits = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly transport: MailTransport,
    private readonly logger: Logger,
    private readonly firstRetryMs = MAIL_FIRST_RETRY_MS,
  ) {}

  /** Runs the job after the current request has answered; `kind` names the mail in log lines. */
  enqueue(kind: string, job: MailJob): void {
    if (this.closed) return;
    const run = this.run(kind, job).finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  /** Resolves once every queued mail was sent or given up (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops retrying and waits for attempts in flight; later enqueues are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waits) wake();
    await this.idle();
    this.transport.close();
  }

  private async run(kind: string, job: MailJob): Promise<void> {
    // Never inside the request: the answer goes out first, whatever the job costs.
    await new Promise((resolve) => setImmediate(resolve));
    for (let attempt = 1; ; attempt++) {
      try {
        const message = await job();
        if (message) await this.transport.send(message);
        return;
      } catch (error) {
        const last = attempt >= MAIL_ATTEMPTS || this.closed;
        const detail = { mail: kind, attempt, err: { message: error instanceof Error ? error.message : String(error) } };
        if (last) {
          this.logger.error(detail, `mail ${kind} could not be sent after ${attempt} attempts; giving up`);
          return;
        }
        this.logger.warn(detail, `mail ${kind} failed (attempt ${attempt} of ${MAIL_ATTEMPTS}); retrying`);
        await this.wait(this.firstRetryMs * 4 ** (attempt - 1));
        if (this.closed) {
          this.logger.error({ mail: kind }, `mail ${kind} dropped: the server is stopping`);
          return;
        }
      }
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waits.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waits.add(wake);
    });
  }
}

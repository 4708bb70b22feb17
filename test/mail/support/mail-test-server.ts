import { Writable } from 'node:stream';
import pino from 'pino';
import { LOG_REDACTION } from '../../../src/lib/logger';
import { startTestServer, type TestServer } from '../../support/test-server';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../support/smtp-server';

export const APP_URL = 'https://app.example.com';

export interface MailTestServer extends TestServer {
  smtp: TestSmtpServer;
  /** Every log line so far (pino JSON), audit lines included. */
  logs(): string[];
  /** Waits for every queued mail to be sent or given up. */
  mailIdle(): Promise<void>;
  /** The first mail to this address (received or arriving) whose subject matches. */
  mailTo(address: string, subject: RegExp): Promise<ReceivedMail>;
}

/** tokengate over HTTP with SMTP_URL pointing at a real SMTP server in this process, and its log captured. */
export async function startMailTestServer(env: Record<string, string> = {}): Promise<MailTestServer> {
  const smtp = await startSmtpServer();
  const lines: string[] = [];
  const logger = pino(
    { level: 'info', redact: LOG_REDACTION },
    new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }),
  );
  const server = await startTestServer({
    logger,
    env: { LOG_LEVEL: 'info', MAIL_TRANSPORT: 'auto', SMTP_URL: smtp.url, MAIL_FROM: 'tokengate <no-reply@tokengate.test>', APP_URL, ...env },
  });
  return {
    ...server,
    smtp,
    logs: () => [...lines],
    mailIdle: () => server.server.services.accountEmail.mail.idle(),
    mailTo: (address, subject) => smtp.waitFor((mail) => mail.to.includes(address.toLowerCase()) && subject.test(mail.subject)),
    stop: async () => {
      await server.stop();
      await smtp.stop();
    },
  };
}

import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../../src/config/config';
import { ManualClock } from '../../../src/lib/clock';
import { LOG_REDACTION } from '../../../src/lib/logger';
import { startHttpServer } from '../../../src/server/http-server';
import { createMemoryStores } from '../../../src/stores/memory/memory.stores';
import { postGraphQL, TEST_ENV, type TestServer } from '../../support/test-server';
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
  const config = loadConfig({
    ...TEST_ENV,
    LOG_LEVEL: 'info',
    MAIL_TRANSPORT: 'auto',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'tokengate <no-reply@tokengate.test>',
    APP_URL,
    ...env,
  });
  const clock = new ManualClock();
  const stores = createMemoryStores(clock);
  const server = await startHttpServer({ config, stores, clock, logger });
  return {
    url: server.url,
    config,
    clock,
    stores,
    server,
    smtp,
    logs: () => [...lines],
    mailIdle: () => server.services.accountEmail.mail.idle(),
    mailTo: (address, subject) => smtp.waitFor((mail) => mail.to.includes(address.toLowerCase()) && subject.test(mail.subject)),
    gql: (query, variables, options) => postGraphQL(server.url, query, variables, options),
    stop: async () => {
      await server.stop();
      await stores.close();
      await smtp.stop();
    },
  };
}

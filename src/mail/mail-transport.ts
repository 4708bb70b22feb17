import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config/mail.config';
import { newObjectIdHex } from '../lib/ids';
import type { Logger } from '../lib/logger';

/** One mail, ready to send: both parts from the same template. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Delivers one mail or throws; the queue (mail-queue.ts) retries. */
export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** A slow or silent SMTP server fails the attempt instead of holding the queue. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as const;

/** The configured transport, or undefined when mail is disabled (MAIL_TRANSPORT=disabled). */
export function createMailTransport(config: MailConfig, logger: Logger): MailTransport | undefined {
  const { transport } = config;
  if (transport.kind === 'disabled') return undefined;
  if (transport.kind === 'smtp') {
    const smtp = nodemailer.createTransport({ url: transport.url, ...SMTP_TIMEOUTS });
    return {
      kind: 'smtp',
      send: async (message) => {
        await smtp.sendMail({ from: config.from, ...message });
      },
      close: () => smtp.close(),
    };
  }
  return outboxTransport(config.from, transport.dir, logger);
}

/**
 * Development and test without SMTP_URL: each mail becomes an .eml file (any mail client opens it) and one
 * log line names the file. The line never carries the link: the token is in the file only.
 */
function outboxTransport(from: string, dir: string, logger: Logger): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'outbox',
    send: async (message) => {
      const info = await composer.sendMail({ from, ...message });
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = path.resolve(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${newObjectIdHex().slice(-8)}.eml`);
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      logger.info({ mailFile: file }, `mail "${message.subject}" written to ${file} (no SMTP_URL: development outbox)`);
    },
    close: () => undefined,
  };
}

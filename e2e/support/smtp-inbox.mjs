// A real SMTP server for the e2e run (smtp-server, read with mailparser): tokengate's SMTP_URL points here, and
// the flows open the links of the mails it received, as a user clicks them in a mail client.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** @returns {Promise<{ url: string, waitFor: (match: (mail) => boolean, timeoutMs?: number) => Promise<any>, stop: () => Promise<void> }>} */
export async function startSmtpInbox() {
  const received = [];
  const waiters = new Set();
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: nodemailer would otherwise try STARTTLS with a self-signed certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()), subject: parsed.subject ?? '', text: parsed.text ?? '' });
          for (const wake of waiters) wake();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    /** The first mail (received already, or within the timeout) that matches; each mail is handed out once. */
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const look = () => {
          const index = received.findIndex(match);
          if (index === -1) return false;
          waiters.delete(look);
          clearTimeout(timer);
          resolve(received.splice(index, 1)[0]);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no matching mail within ${timeoutMs} ms (received: ${received.map((mail) => `${mail.to} "${mail.subject}"`).join(', ') || 'none'})`));
        }, timeoutMs);
        if (!look()) waiters.add(look);
      });
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The first link of a mail to the web app's page `path` (e.g. /reset-password), as a URL string. */
export function linkIn(mail, appUrl, path) {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((url) => url.startsWith(`${appUrl}${path}?token=`));
  if (!link) throw new Error(`no ${path} link in the mail "${mail.subject}":\n${mail.text}`);
  return link;
}

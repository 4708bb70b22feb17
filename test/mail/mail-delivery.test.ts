import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
import { errorOf, registerUser, uniqueEmail } from '../support/operations';
import { linkTokenOf } from '../support/smtp-server';
import { startTestServer, type TestServer } from '../support/test-server';
import { REQUEST_EMAIL_CHANGE, REQUEST_RESET, SEND_VERIFICATION, SUBJECTS } from './support/account-operations';
import { startMailTestServer } from './support/mail-test-server';

describe('development outbox (no SMTP_URL)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tokengate-outbox-'));
  let server: Awaited<ReturnType<typeof startMailTestServer>>;
  beforeAll(async () => {
    // The mail-test server's logger, without SMTP: NODE_ENV=development writes .eml files instead.
    server = await startMailTestServer({ NODE_ENV: 'development', SMTP_URL: '', MAIL_FROM: '', DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('each mail becomes an .eml file under <DATA_DIR>/outbox, named by one log line that carries no token', async () => {
    const user = await registerUser(server);
    await server.mailIdle();
    const outbox = path.join(dataDir, 'outbox');
    const files = readdirSync(outbox).filter((name) => name.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = await simpleParser(readFileSync(path.join(outbox, files[0])));
    expect(eml.subject).toMatch(SUBJECTS.verify);
    expect(eml.text).toContain('/verify-email?token=');
    expect((eml.to as AddressObject).text).toBe(user.email);
    const token = /verify-email\?token=([A-Za-z0-9_-]{43})/.exec(eml.text ?? '')?.[1];
    expect(token).toBeDefined();

    const lines = server.logs().filter((line) => line.includes(files[0]));
    expect(lines).toHaveLength(1);
    expect(server.logs().join('\n')).not.toContain(token!);
    expect(server.smtp.received).toEqual([]);
  });
});

describe('MAIL_TRANSPORT=disabled', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { MAIL_TRANSPORT: 'disabled' } });
  });
  afterAll(() => server?.stop());

  test('what exists only to send mail answers SERVICE_UNAVAILABLE (503); register still works', async () => {
    const user = await registerUser(server);
    for (const [query, variables] of [
      [REQUEST_RESET, { email: user.email }],
      [SEND_VERIFICATION, { email: user.email }],
    ] as const) {
      const response = await server.gql(query, variables);
      expect(response.status).toBe(503);
      expect(errorOf(response).extensions.code).toBe('SERVICE_UNAVAILABLE');
    }
    const change = await server.gql(REQUEST_EMAIL_CHANGE, { newEmail: uniqueEmail('x'), currentPassword: user.password }, { token: user.accessToken });
    expect(errorOf(change).extensions.code).toBe('SERVICE_UNAVAILABLE');
  });
});

describe('SMTP failures', () => {
  test('a refused delivery is retried with backoff and arrives; the answer never waited for it', async () => {
    const server = await startMailTestServer();
    try {
      const user = await registerUser(server);
      await server.mailTo(user.email, SUBJECTS.verify);
      server.smtp.refuseNext(1);
      const started = performance.now();
      expect((await server.gql(REQUEST_RESET, { email: user.email })).body.data).toEqual({ requestPasswordReset: true });
      expect(performance.now() - started).toBeLessThan(1_000);
      const mail = await server.mailTo(user.email, SUBJECTS.reset);
      expect(linkTokenOf(mail)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(server.logs().some((line) => line.includes('failed (attempt 1 of'))).toBe(true);
    } finally {
      await server.stop();
    }
  });

  test('an unreachable SMTP server: the answer is the same, the failure is logged, never the address or token', async () => {
    const server = await startMailTestServer({ SMTP_URL: 'smtp://127.0.0.1:9' });
    try {
      const email = uniqueEmail('unreachable');
      const response = await server.gql(SEND_VERIFICATION, { email });
      expect(response.body).toEqual({ data: { sendVerificationEmail: true } });
      const user = await registerUser(server);
      // Stopping the server cuts the retries short: the queue gives up and says so.
      await server.server.services.accountEmail.mail.close();
      const logs = server.logs().join('\n');
      expect(logs).toMatch(/mail email_verification (failed|could not be sent|dropped)/);
      expect(logs).not.toContain(user.email);
    } finally {
      await server.stop();
    }
  });
});

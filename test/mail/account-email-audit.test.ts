import { ACCOUNT_EMAIL_AUDIT_EVENTS } from '../../src/audit/audit-log';
import { registerUser, uniqueEmail } from '../support/operations';
import { linkTokenOf } from '../support/smtp-server';
import {
  CONFIRM_EMAIL_CHANGE, REQUEST_EMAIL_CHANGE, REQUEST_RESET, RESET_PASSWORD, SEND_VERIFICATION, SUBJECTS, VERIFY_EMAIL,
} from './support/account-operations';
import { type MailTestServer, startMailTestServer } from './support/mail-test-server';

const USER_AGENT = 'mail-audit-agent/1.0';

// Every step of the account-by-email flows writes its audit line, with who asked, and no line carries a link token.
describe('account email audit events', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer();
  });
  afterAll(() => server?.stop());

  test('verification, reset and email change each leave their events, never a token or password', async () => {
    let counter = 0;
    const headers = () => ({ 'user-agent': USER_AGENT, 'x-request-id': `mail-audit-${++counter}` });
    const user = await registerUser(server);
    const tokens: string[] = [linkTokenOf(await server.mailTo(user.email, SUBJECTS.verify))];
    await server.gql(SEND_VERIFICATION, { email: user.email }, { headers: headers() });
    const verifyMail = await server.smtp.waitFor((m) => m.to.includes(user.email) && SUBJECTS.verify.test(m.subject) && !tokens.includes(linkTokenOf(m)));
    tokens.push(linkTokenOf(verifyMail));
    await server.gql(VERIFY_EMAIL, { token: tokens[1] }, { headers: headers() });

    await server.gql(REQUEST_RESET, { email: user.email }, { headers: headers() });
    tokens.push(linkTokenOf(await server.mailTo(user.email, SUBJECTS.reset)));
    const newPassword = 'audited new passphrase';
    const reset = (await server.gql(RESET_PASSWORD, { token: tokens[2], newPassword }, { headers: headers() })).body.data!.resetPassword;

    const newEmail = uniqueEmail('audited');
    await server.gql(REQUEST_EMAIL_CHANGE, { newEmail, currentPassword: newPassword }, { token: reset.accessToken, headers: headers() });
    tokens.push(linkTokenOf(await server.mailTo(newEmail, SUBJECTS.confirmChange)));
    await server.gql(CONFIRM_EMAIL_CHANGE, { token: tokens[3] }, { headers: headers() });
    await server.mailIdle();

    const lines = server.logs().map((text) => JSON.parse(text) as Record<string, unknown>).filter((line) => line.audit === true);
    for (const event of ACCOUNT_EMAIL_AUDIT_EVENTS) {
      const line = lines.find((entry) => entry.event === event && entry.userAgent === USER_AGENT);
      expect({ event, line }).toEqual({
        event,
        line: expect.objectContaining({ userId: user.userId, requestId: expect.stringMatching(/^mail-audit-\d+$/), ip: expect.any(String) }),
      });
    }
    const everything = server.logs().join('\n');
    for (const secret of [...tokens, newPassword, user.password, reset.accessToken, reset.refreshToken]) {
      expect(everything).not.toContain(secret);
    }
  });
});

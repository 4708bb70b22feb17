import { errorOf, registerUser } from '../support/operations';
import type { ReceivedMail } from '../support/smtp-server';
import { BEGIN, codeAt, CONFIRM, DISABLE, nextStep } from '../mfa/support/mfa-operations';
import { type MailTestServer, startMailTestServer } from './support/mail-test-server';

// Turning 2FA on (confirmTotpEnrollment) or off (disableTotp) is told to the account's address.
const TURNED_ON = /^Two-factor authentication was turned on for your .* account$/;
const TURNED_OFF = /^Two-factor authentication was turned off for your .* account$/;

describe('2FA on and off notices over real SMTP', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer();
  });
  afterAll(() => server?.stop());

  const mailsTo = async (email: string, subject: RegExp): Promise<ReceivedMail[]> => {
    await server.mailIdle();
    return server.smtp.received.filter((mail) => mail.to.includes(email) && subject.test(mail.subject));
  };

  test('confirming an enrollment mails "turned on"; disabling mails "turned off"; neither carries a secret or code', async () => {
    const user = await registerUser(server);
    const secret = (await server.gql(BEGIN, {}, { token: user.accessToken })).body.data!.beginTotpEnrollment.secret as string;
    // Beginning changes nothing yet: no mail.
    expect(await mailsTo(user.email, TURNED_ON)).toEqual([]);
    const code = codeAt(server, secret);
    const recoveryCodes = (await server.gql(CONFIRM, { code }, { token: user.accessToken })).body.data!.confirmTotpEnrollment as string[];
    const [on, ...moreOn] = await mailsTo(user.email, TURNED_ON);
    expect(moreOn).toEqual([]);
    expect(on.text).toMatch(/now on/);
    nextStep(server);

    const offCode = codeAt(server, secret);
    expect((await server.gql(DISABLE, { code: offCode }, { token: user.accessToken })).body.data).toEqual({ disableTotp: true });
    const [off, ...moreOff] = await mailsTo(user.email, TURNED_OFF);
    expect(moreOff).toEqual([]);
    expect(off.text).toMatch(/now off/);
    for (const mail of [on, off]) {
      for (const value of [secret, code, offCode, ...recoveryCodes, user.accessToken, user.password]) {
        expect(mail.text).not.toContain(value);
        expect(mail.html).not.toContain(value);
      }
    }
  });

  test('a refused confirmation or disabling mails nothing', async () => {
    const user = await registerUser(server);
    const secret = (await server.gql(BEGIN, {}, { token: user.accessToken })).body.data!.beginTotpEnrollment.secret as string;
    const wrong = String((Number(codeAt(server, secret)) + 500_000) % 1_000_000).padStart(6, '0');
    expect(errorOf(await server.gql(CONFIRM, { code: wrong }, { token: user.accessToken })).extensions.reason).toBe('INVALID_MFA_CODE');
    expect(await mailsTo(user.email, TURNED_ON)).toEqual([]);

    await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: user.accessToken });
    nextStep(server);
    const wrongOff = String((Number(codeAt(server, secret)) + 500_000) % 1_000_000).padStart(6, '0');
    expect(errorOf(await server.gql(DISABLE, { code: wrongOff }, { token: user.accessToken })).extensions.reason).toBe('INVALID_MFA_CODE');
    expect(await mailsTo(user.email, TURNED_OFF)).toEqual([]);
    expect(await mailsTo(user.email, TURNED_ON)).toHaveLength(1);
  });
});

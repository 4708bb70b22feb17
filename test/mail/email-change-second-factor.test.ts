import { errorOf, registerUser } from '../support/operations';
import { codeAt, nextStep, registerMfaUser, type MfaUser } from '../mfa/support/mfa-operations';
import { SUBJECTS } from './support/account-operations';
import { type MailTestServer, startMailTestServer } from './support/mail-test-server';

// requestEmailChange of a user with 2FA needs `code` (a current TOTP code or a recovery code), as changePassword does.
const REQUEST_WITH_CODE = `mutation Change($newEmail: String!, $currentPassword: String!, $code: String) {
  requestEmailChange(newEmail: $newEmail, currentPassword: $currentPassword, code: $code) }`;

describe('requestEmailChange with 2FA on', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer();
  });
  afterAll(() => server?.stop());

  let counter = 0;
  const newAddress = () => `moved-2fa-${Date.now()}-${++counter}@example.com`;
  const ask = (user: MfaUser, newEmail: string, code?: string, currentPassword = user.password) =>
    server.gql(REQUEST_WITH_CODE, { newEmail, currentPassword, code }, { token: user.accessToken });
  /** Nothing was mailed for this request: no link to the new address, no notice to the current one. */
  const nothingMailed = async (user: MfaUser, newEmail: string) => {
    await server.mailIdle();
    expect(server.smtp.received.filter((mail) => mail.to.includes(newEmail))).toEqual([]);
    expect(server.smtp.received.filter((mail) => mail.to.includes(user.email) && SUBJECTS.changeRequested.test(mail.subject))).toEqual([]);
  };
  const wrongCodeFor = (user: MfaUser) => String((Number(codeAt(server, user.secret)) + 500_000) % 1_000_000).padStart(6, '0');

  test('the password alone is refused (BAD_USER_INPUT on code), and nothing is mailed', async () => {
    const user = await registerMfaUser(server);
    const newEmail = newAddress();
    expect(errorOf(await ask(user, newEmail)).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
    await nothingMailed(user, newEmail);
  });

  test('a wrong code: INVALID_MFA_CODE, nothing mailed', async () => {
    const user = await registerMfaUser(server);
    const newEmail = newAddress();
    expect(errorOf(await ask(user, newEmail, wrongCodeFor(user))).extensions).toEqual({
      code: 'BAD_USER_INPUT', field: 'code', reason: 'INVALID_MFA_CODE',
    });
    await nothingMailed(user, newEmail);
  });

  test('with a current TOTP code: the link and the notice go out; the same code again is a replay', async () => {
    const user = await registerMfaUser(server);
    const newEmail = newAddress();
    const code = codeAt(server, user.secret);
    expect((await ask(user, newEmail, code)).body.data).toEqual({ requestEmailChange: true });
    await server.mailTo(newEmail, SUBJECTS.confirmChange);
    await server.mailTo(user.email, SUBJECTS.changeRequested);
    expect(errorOf(await ask(user, newAddress(), code)).extensions.reason).toBe('INVALID_MFA_CODE');
  });

  test('with a recovery code: accepted once', async () => {
    const user = await registerMfaUser(server);
    const newEmail = newAddress();
    expect((await ask(user, newEmail, user.recoveryCodes[0])).body.data).toEqual({ requestEmailChange: true });
    await server.mailTo(newEmail, SUBJECTS.confirmChange);
    expect(errorOf(await ask(user, newAddress(), user.recoveryCodes[0])).extensions.reason).toBe('INVALID_MFA_CODE');
  });

  test('a wrong password is checked first: the code is not spent', async () => {
    const user = await registerMfaUser(server);
    const code = codeAt(server, user.secret);
    expect(errorOf(await ask(user, newAddress(), code, 'not the password')).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    expect((await ask(user, newAddress(), code)).body.data).toEqual({ requestEmailChange: true });
    nextStep(server);
  });

  test('a user without 2FA needs no code (and a code given is ignored)', async () => {
    const user = await registerUser(server);
    const change = (newEmail: string, code?: string) =>
      server.gql(REQUEST_WITH_CODE, { newEmail, currentPassword: user.password, code }, { token: user.accessToken });
    expect((await change(newAddress())).body.data).toEqual({ requestEmailChange: true });
    expect((await change(newAddress(), '123456')).body.data).toEqual({ requestEmailChange: true });
  });
});

import { errorOf, LOGIN } from '../support/operations';
import { linkTokenOf } from '../support/smtp-server';
import { codeAt, COMPLETE, ME_MFA, registerMfaUser } from '../mfa/support/mfa-operations';
import { REQUEST_RESET, RESET_PASSWORD, SUBJECTS } from './support/account-operations';
import { type MailTestServer, startMailTestServer } from './support/mail-test-server';

// A reset link proves the mailbox, never the second factor: resetPassword of a 2FA account sets the password and
// answers MFA_REQUIRED with an mfaToken, as login does; completeMfaLogin then signs in. 2FA stays on.
const NEW_PASSWORD = 'a fresh passphrase after reset';

describe('resetPassword of an account with 2FA', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer();
  });
  afterAll(() => server?.stop());

  test('answers MFA_REQUIRED with an mfaToken and no tokens; the password did change; completeMfaLogin signs in', async () => {
    const user = await registerMfaUser(server);
    await server.gql(REQUEST_RESET, { email: user.email });
    const token = linkTokenOf(await server.mailTo(user.email, SUBJECTS.reset));

    const reset = await server.gql(RESET_PASSWORD, { token, newPassword: NEW_PASSWORD });
    expect(reset.body.data).toBeNull();
    const error = errorOf(reset);
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'MFA_REQUIRED', mfaToken: expect.any(String) });
    // The password changed all the same: the old one is refused, the new one reaches the second step.
    expect(errorOf(await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).extensions.reason).toBe('INVALID_CREDENTIALS');
    expect(errorOf(await server.gql(LOGIN, { input: { email: user.email, password: NEW_PASSWORD } })).extensions.reason).toBe('MFA_REQUIRED');
    await server.mailTo(user.email, SUBJECTS.passwordReset);

    const completed = await server.gql(COMPLETE, { mfaToken: error.extensions.mfaToken, code: codeAt(server, user.secret) });
    const payload = completed.body.data?.completeMfaLogin;
    expect(payload).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), user: { mfaEnabled: true } });
    // The reset never turned 2FA off.
    expect((await server.gql(ME_MFA, {}, { token: payload.accessToken })).body.data!.me).toEqual({ id: user.userId, mfaEnabled: true });
  });
});

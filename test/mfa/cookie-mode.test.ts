import { REGISTER, uniqueEmail } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { requireSetCookie } from '../security/support/set-cookie';
import { BEGIN, codeAt, COMPLETE, CONFIRM, nextStep, passwordStep, VERIFY } from './support/mfa-operations';

// Browser mode: completeMfaLogin and verifyMfa hand out the refresh and device tokens as login does, in cookies.
describe('2FA in browser mode (REFRESH_TOKEN_COOKIE=true)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { REFRESH_TOKEN_COOKIE: 'true' } });
  });
  afterAll(() => server?.stop());

  test('completeMfaLogin and verifyMfa set the cookies and keep the tokens out of the body', async () => {
    const email = uniqueEmail();
    const password = 'correct horse battery';
    const registered = (await server.gql(REGISTER, { input: { email, password } })).body.data?.register;
    const { secret } = (await server.gql(BEGIN, {}, { token: registered.accessToken })).body.data?.beginTotpEnrollment;
    await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: registered.accessToken });
    nextStep(server);

    const completed = await server.gql(COMPLETE, { mfaToken: await passwordStep(server, { email, password }), code: codeAt(server, secret) });
    expect(completed.body.data?.completeMfaLogin).toMatchObject({ refreshToken: null, deviceToken: null, accessToken: expect.any(String) });
    expect(requireSetCookie(completed, '__Host-tokengate_refresh').value.split('.')).toHaveLength(3);
    expect(requireSetCookie(completed, '__Host-tokengate_device').value.split('.')).toHaveLength(3);

    nextStep(server);
    const verified = await server.gql(VERIFY, { code: codeAt(server, secret) }, { token: registered.accessToken });
    expect(verified.body.data?.verifyMfa.refreshToken).toBeNull();
    expect(requireSetCookie(verified, '__Host-tokengate_refresh').value.split('.')).toHaveLength(3);
  });
});

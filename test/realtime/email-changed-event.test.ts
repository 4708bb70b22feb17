import { CONFIRM_EMAIL_CHANGE, REQUEST_EMAIL_CHANGE, SUBJECTS } from '../mail/support/account-operations';
import { type MailTestServer, startMailTestServer } from '../mail/support/mail-test-server';
import { LOGIN, registerUser, uniqueEmail } from '../support/operations';
import { linkTokenOf } from '../support/smtp-server';
import { listening as listenOn, onServer, within } from './support/live-client';

/** EMAIL_CHANGED: the asking session's tab hears it and stays; another session hears it, then 4401 (its version ended). */
describe('sessionEvents: EMAIL_CHANGED', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer();
  });
  afterAll(() => server?.stop());

  const listening = (token: string) => listenOn(onServer(server), token);


  test('confirming the change reaches every tab of the account and no one else', async () => {
    const user = await registerUser(server);
    const other = (await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data!.login;
    const [asking, elsewhere] = [await listening(user.accessToken), await listening(other.accessToken)];
    const stranger = await listening((await registerUser(server)).accessToken);
    const newEmail = uniqueEmail('moved');
    await server.gql(REQUEST_EMAIL_CHANGE, { newEmail, currentPassword: user.password }, { token: user.accessToken });
    const token = linkTokenOf(await server.mailTo(newEmail, SUBJECTS.confirmChange));
    expect((await server.gql(CONFIRM_EMAIL_CHANGE, { token })).body.data?.confirmEmailChange.email).toBe(newEmail);
    expect((await within(elsewhere.live.closed, 1_000, 'close of the other session')).code).toBe(4401);
    expect(elsewhere.events.results.map((result) => result.data?.sessionEvents.type)).toEqual(['EMAIL_CHANGED']);
    await asking.events.result(1);
    expect(asking.events.results.map((result) => result.data?.sessionEvents)).toEqual([
      expect.objectContaining({ type: 'EMAIL_CHANGED', sessionId: expect.any(String) }),
    ]);
    const stillOpen = await Promise.race([asking.live.closed, new Promise((resolve) => setTimeout(() => resolve('open'), 400))]);
    expect(stillOpen).toBe('open');
    expect(stranger.events.results).toEqual([]);
    await Promise.all([asking.live.dispose(), stranger.live.dispose()]);
  });
});

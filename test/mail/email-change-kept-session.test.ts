import { errorOf, LOGIN, REFRESH, registerUser, uniqueEmail } from '../support/operations';
import { linkTokenOf } from '../support/smtp-server';
import { mySessions, sidOf } from '../sessions/support/session-operations';
import { CONFIRM_EMAIL_CHANGE, REQUEST_EMAIL_CHANGE, SUBJECTS } from './support/account-operations';
import { type MailTestServer, startMailTestServer } from './support/mail-test-server';

// confirmEmailChange ends every session but the one that asked: that one stays listed and refreshable.
describe('the session kept by an email change', () => {
  let server: MailTestServer;
  const gql: MailTestServer['gql'] = (...args) => server.gql(...args);
  beforeAll(async () => {
    server = await startMailTestServer();
  });
  afterAll(() => server?.stop());

  test('stays in mySessions (current) and refreshes, listed again after the refresh; the other sessions are gone', async () => {
    const user = await registerUser(server);
    const other = (await gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data!.login;
    expect((await mySessions(gql, user.accessToken)).map((s) => s.id).sort()).toEqual([sidOf(user.accessToken), sidOf(other.accessToken)].sort());

    const newEmail = uniqueEmail('kept-listed');
    await gql(REQUEST_EMAIL_CHANGE, { newEmail, currentPassword: user.password }, { token: user.accessToken });
    const token = linkTokenOf(await server.mailTo(newEmail, SUBJECTS.confirmChange));
    expect((await gql(CONFIRM_EMAIL_CHANGE, { token })).body.data!.confirmEmailChange.email).toBe(newEmail);

    // Listed with the access token it had, before any refresh.
    const listed = await mySessions(gql, user.accessToken);
    expect(listed.map((s) => ({ id: s.id, current: s.current }))).toEqual([{ id: sidOf(user.accessToken), current: true }]);

    const refreshed = (await gql(REFRESH, { refreshToken: user.refreshToken })).body.data!.refresh;
    expect(sidOf(refreshed.accessToken)).toBe(sidOf(user.accessToken));
    expect((await mySessions(gql, refreshed.accessToken)).map((s) => s.id)).toEqual([sidOf(user.accessToken)]);
    // And again: the chain goes on.
    expect((await gql(REFRESH, { refreshToken: refreshed.refreshToken })).body.data!.refresh.accessToken).toEqual(expect.any(String));

    expect(errorOf(await gql(REFRESH, { refreshToken: other.refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
    const fresh = (await gql(LOGIN, { input: { email: newEmail, password: user.password } })).body.data!.login;
    expect((await mySessions(gql, fresh.accessToken)).map((s) => s.id)).not.toContain(sidOf(other.accessToken));
  });
});

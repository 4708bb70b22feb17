import { errorOf, LOGIN, ME, REFRESH, registerUser, uniqueEmail, type Session } from '../support/operations';
import { linkTokenOf } from '../support/smtp-server';
import { CONFIRM_EMAIL_CHANGE, REQUEST_EMAIL_CHANGE, REQUEST_RESET, RESET_PASSWORD, SUBJECTS } from './support/account-operations';
import { APP_URL, type MailTestServer, startMailTestServer } from './support/mail-test-server';

describe('email change over real SMTP', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer();
  });
  afterAll(() => server?.stop());

  const ask = (user: Session, newEmail: string, currentPassword = user.password) =>
    server.gql(REQUEST_EMAIL_CHANGE, { newEmail, currentPassword }, { token: user.accessToken });
  const linkFor = async (newEmail: string): Promise<string> => {
    const mail = await server.mailTo(newEmail, SUBJECTS.confirmChange);
    expect(mail.text).toContain(`${APP_URL}/confirm-email-change?token=`);
    return linkTokenOf(mail);
  };

  test('a link to the new address, a notice to the old; confirming switches, verifies, and keeps only the asking session', async () => {
    const user = await registerUser(server);
    const other = (await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data!.login;
    const newEmail = uniqueEmail('moved');
    expect((await ask(user, newEmail)).body.data).toEqual({ requestEmailChange: true });
    const notice = await server.mailTo(user.email, SUBJECTS.changeRequested);
    expect(notice.text).toContain(newEmail);
    expect(notice.text).not.toMatch(/token=/);
    const token = await linkFor(newEmail);

    // Opened anywhere (no sign-in): the link is the proof.
    const confirmed = await server.gql(CONFIRM_EMAIL_CHANGE, { token });
    expect(confirmed.body.data!.confirmEmailChange).toEqual({ id: user.userId, email: newEmail, emailVerified: true });
    expect((await server.mailTo(user.email, SUBJECTS.emailChanged)).text).toContain(newEmail);

    // The session that asked lives on: its access token now, and its refresh token (which moves it onto the new version).
    expect((await server.gql(ME, {}, { token: user.accessToken })).body.data!.me.email).toBe(newEmail);
    const refreshed = await server.gql(REFRESH, { refreshToken: user.refreshToken });
    expect(refreshed.body.data!.refresh.user.email).toBe(newEmail);
    expect((await server.gql(ME, {}, { token: refreshed.body.data!.refresh.accessToken })).body.data!.me.id).toBe(user.userId);
    // Every other session ended.
    expect(errorOf(await server.gql(ME, {}, { token: other.accessToken })).extensions.reason).toBe('TOKEN_REVOKED');
    expect(errorOf(await server.gql(REFRESH, { refreshToken: other.refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
    // The new address signs in, the old one no longer does.
    expect((await server.gql(LOGIN, { input: { email: newEmail, password: user.password } })).body.data!.login.user.id).toBe(user.userId);
    expect(errorOf(await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).extensions.reason).toBe('INVALID_CREDENTIALS');
    expect(errorOf(await server.gql(CONFIRM_EMAIL_CHANGE, { token })).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'token', reason: 'LINK_USED' });
  });

  test('a later raise of the token version (logoutAll) ends the kept session too', async () => {
    const user = await registerUser(server);
    const newEmail = uniqueEmail('kept');
    await ask(user, newEmail);
    await server.gql(CONFIRM_EMAIL_CHANGE, { token: await linkFor(newEmail) });
    const second = (await server.gql(LOGIN, { input: { email: newEmail, password: user.password } })).body.data!.login;
    await server.gql('mutation { logoutAll }', {}, { token: second.accessToken });
    expect(errorOf(await server.gql(ME, {}, { token: user.accessToken })).extensions.reason).toBe('TOKEN_REVOKED');
    expect(errorOf(await server.gql(REFRESH, { refreshToken: user.refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
  });

  test('a wrong current password answers on currentPassword and mails nothing; the same address is refused', async () => {
    const user = await registerUser(server);
    const newEmail = uniqueEmail('never');
    expect(errorOf(await ask(user, newEmail, 'not my password at all')).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    expect(errorOf(await ask(user, user.email.toUpperCase())).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newEmail' });
    expect(errorOf(await server.gql(REQUEST_EMAIL_CHANGE, { newEmail, currentPassword: user.password })).extensions.reason).toBe('AUTHENTICATION_REQUIRED');
    await server.mailIdle();
    expect(server.smtp.received.filter((mail) => mail.to.includes(newEmail) || mail.to.includes(user.email) && SUBJECTS.changeRequested.test(mail.subject))).toEqual([]);
  });

  test('a taken address answers true and gets no link (the owner still gets the notice)', async () => {
    const user = await registerUser(server);
    const taken = await registerUser(server);
    expect((await ask(user, taken.email)).body.data).toEqual({ requestEmailChange: true });
    await server.mailTo(user.email, SUBJECTS.changeRequested);
    await server.mailIdle();
    expect(server.smtp.received.filter((mail) => mail.to.includes(taken.email) && SUBJECTS.confirmChange.test(mail.subject))).toEqual([]);
  });

  test('the race for one address: both links confirmed at once, one wins, the other gets EMAIL_TAKEN on token', async () => {
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const contested = uniqueEmail('contested');
    await ask(alice, contested);
    const aliceLink = await linkFor(contested);
    await ask(bob, contested);
    const bobLink = await server.smtp.waitFor((m) => m.to.includes(contested) && SUBJECTS.confirmChange.test(m.subject) && linkTokenOf(m) !== aliceLink);

    const answers = await Promise.all([
      server.gql(CONFIRM_EMAIL_CHANGE, { token: aliceLink }),
      server.gql(CONFIRM_EMAIL_CHANGE, { token: linkTokenOf(bobLink) }),
    ]);
    const winners = answers.filter((a) => a.body.data?.confirmEmailChange);
    expect(winners).toHaveLength(1);
    const loser = answers.find((a) => a.body.errors)!;
    expect(errorOf(loser).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'token', reason: 'EMAIL_TAKEN' });
    // The loser keeps its address and its sessions.
    const loserSession = winners[0].body.data!.confirmEmailChange.id === alice.userId ? bob : alice;
    expect((await server.gql(ME, {}, { token: loserSession.accessToken })).body.data!.me.email).toBe(loserSession.email);
  });

  test('an address registered between request and click: EMAIL_TAKEN', async () => {
    const user = await registerUser(server);
    const newEmail = uniqueEmail('sniped');
    await ask(user, newEmail);
    const token = await linkFor(newEmail);
    await registerUser(server, { email: newEmail });
    expect(errorOf(await server.gql(CONFIRM_EMAIL_CHANGE, { token })).extensions.reason).toBe('EMAIL_TAKEN');
  });

  test('a reset link mailed to the old address stops working once the address changed', async () => {
    const user = await registerUser(server);
    await server.gql(REQUEST_RESET, { email: user.email });
    const resetToken = linkTokenOf(await server.mailTo(user.email, SUBJECTS.reset));
    const newEmail = uniqueEmail('after-reset');
    await ask(user, newEmail);
    await server.gql(CONFIRM_EMAIL_CHANGE, { token: await linkFor(newEmail) });
    expect(errorOf(await server.gql(RESET_PASSWORD, { token: resetToken, newPassword: 'takeover attempt pass' })).extensions.reason).toBe('LINK_INVALID');
  });

  test('after EMAIL_CHANGE_TTL (1h) the link answers LINK_EXPIRED; audit lines carry no token', async () => {
    const user = await registerUser(server);
    const newEmail = uniqueEmail('late');
    await ask(user, newEmail);
    const token = await linkFor(newEmail);
    server.clock.advanceSeconds(3600 + 1);
    expect(errorOf(await server.gql(CONFIRM_EMAIL_CHANGE, { token })).extensions.reason).toBe('LINK_EXPIRED');
    const logs = server.logs().join('\n');
    expect(logs).toContain('"event":"email_change_requested"');
    expect(logs).toContain('"event":"email_changed"');
    expect(logs).not.toContain(token);
  });
});

import { testPasswordHasher } from '../support/password-hashing';
import { loadConfig } from '../../src/config/config';
import { silentLogger } from '../../src/lib/logger';
import { AdminAccounts } from '../../src/users/admin-accounts';
import { bootstrapAdmin } from '../../src/users/admin-bootstrap';
import { errorOf, uniqueEmail } from '../support/operations';
import { linkTokenOf } from '../support/smtp-server';
import { TEST_ENV } from '../support/test-server';
import {
  LOGIN_MAIL, ME_MAIL, REGISTER_MAIL, SEND_VERIFICATION, SUBJECTS, VERIFY_EMAIL,
} from './support/account-operations';
import { APP_URL, type MailTestServer, startMailTestServer } from './support/mail-test-server';

const PASSWORD = 'correct horse battery';

describe('email verification over real SMTP', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer();
  });
  afterAll(() => server?.stop());

  const register = async (email = uniqueEmail('verify')) => {
    const response = await server.gql(REGISTER_MAIL, { input: { email, password: PASSWORD } });
    return { email, payload: response.body.data!.register };
  };

  test('register mails a link to APP_URL/verify-email; following it verifies the address, once', async () => {
    const { email, payload } = await register();
    expect(payload.user.emailVerified).toBe(false);
    const mail = await server.mailTo(email, SUBJECTS.verify);
    expect(mail.text).toContain(`${APP_URL}/verify-email?token=`);
    expect(mail.html).toContain(`${APP_URL}/verify-email?token=`);
    expect(mail.parsed.from?.text).toContain('no-reply@tokengate.test');
    const token = linkTokenOf(mail);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const verified = await server.gql(VERIFY_EMAIL, { token });
    expect(verified.body.data!.verifyEmail).toEqual({ id: payload.user.id, email, emailVerified: true });
    const me = await server.gql(ME_MAIL, {}, { token: payload.accessToken });
    expect(me.body.data!.me.emailVerified).toBe(true);

    const again = errorOf(await server.gql(VERIFY_EMAIL, { token }));
    expect(again.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token', reason: 'LINK_USED' });
  });

  test.each([
    ['garbage', 'not-a-token'],
    ['a well-formed token never issued', 'A'.repeat(43)],
  ])('%s answers LINK_INVALID on field token', async (_label, token) => {
    const error = errorOf(await server.gql(VERIFY_EMAIL, { token }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'token', reason: 'LINK_INVALID' });
    expect(error.message).not.toContain(token);
  });

  test('after EMAIL_VERIFICATION_TTL (24h) the link answers LINK_EXPIRED', async () => {
    const { email } = await register();
    const token = linkTokenOf(await server.mailTo(email, SUBJECTS.verify));
    server.clock.advanceSeconds(24 * 3600 + 1);
    const error = errorOf(await server.gql(VERIFY_EMAIL, { token }));
    expect(error.extensions).toMatchObject({ field: 'token', reason: 'LINK_EXPIRED' });
  });

  test('sendVerificationEmail: a newer link replaces the older; unknown and verified addresses get nothing, same answer', async () => {
    const { email } = await register();
    const first = linkTokenOf(await server.mailTo(email, SUBJECTS.verify));
    expect((await server.gql(SEND_VERIFICATION, { email })).body.data).toEqual({ sendVerificationEmail: true });
    const second = await server.smtp.waitFor((mail) => mail.to.includes(email) && SUBJECTS.verify.test(mail.subject) && linkTokenOf(mail) !== first);
    expect(errorOf(await server.gql(VERIFY_EMAIL, { token: first })).extensions.reason).toBe('LINK_INVALID');
    await server.gql(VERIFY_EMAIL, { token: linkTokenOf(second) });

    const unknown = uniqueEmail('nobody');
    expect((await server.gql(SEND_VERIFICATION, { email: unknown })).body.data).toEqual({ sendVerificationEmail: true });
    expect((await server.gql(SEND_VERIFICATION, { email })).body.data).toEqual({ sendVerificationEmail: true });
    await server.mailIdle();
    expect(server.smtp.received.filter((mail) => mail.to.includes(unknown))).toEqual([]);
    expect(server.smtp.received.filter((mail) => mail.to.includes(email))).toHaveLength(2);
  });

  test('no log line carries a link token', async () => {
    const { email } = await register();
    const token = linkTokenOf(await server.mailTo(email, SUBJECTS.verify));
    await server.gql(VERIFY_EMAIL, { token });
    await server.gql(VERIFY_EMAIL, { token });
    const logs = server.logs().join('\n');
    expect(logs).toContain('"event":"email_verification_sent"');
    expect(logs).toContain('"event":"email_verified"');
    expect(logs).not.toContain(token);
  });
});

describe('REQUIRE_VERIFIED_EMAIL=true', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer({ REQUIRE_VERIFIED_EMAIL: 'true' });
  });
  afterAll(() => server?.stop());

  test('register creates the account and mails the link but answers EMAIL_NOT_VERIFIED; login follows the password first', async () => {
    const email = uniqueEmail('strict');
    const registered = await server.gql(REGISTER_MAIL, { input: { email, password: PASSWORD } });
    expect(registered.body.data).toBeNull();
    expect(errorOf(registered).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'EMAIL_NOT_VERIFIED' });
    const token = linkTokenOf(await server.mailTo(email, SUBJECTS.verify));

    const wrong = errorOf(await server.gql(LOGIN_MAIL, { input: { email, password: 'not the password at all' } }));
    expect(wrong.extensions.reason).toBe('INVALID_CREDENTIALS');
    const unverified = errorOf(await server.gql(LOGIN_MAIL, { input: { email, password: PASSWORD } }));
    expect(unverified.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'EMAIL_NOT_VERIFIED' });

    await server.gql(VERIFY_EMAIL, { token });
    const login = await server.gql(LOGIN_MAIL, { input: { email, password: PASSWORD } });
    expect(login.body.data!.login.user).toMatchObject({ email, emailVerified: true });
  });

  test('an admin created by the operator CLI (create-admin) counts as verified and signs in', async () => {
    const accounts = new AdminAccounts(server.stores.users, testPasswordHasher(), silentLogger, 'admin CLI');
    const admin = { email: uniqueEmail('cli-root'), password: 'cli admin password' };
    await accounts.createAdmin(admin.email, admin.password);
    const login = await server.gql(LOGIN_MAIL, { input: admin });
    expect(login.body.data!.login.user).toMatchObject({ email: admin.email, emailVerified: true });
  });

  test('the bootstrap admin (ADMIN_EMAIL) counts as verified and signs in', async () => {
    const admin = { email: uniqueEmail('root'), password: 'bootstrap admin password' };
    await bootstrapAdmin(loadConfig({ ...TEST_ENV, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password }), server.stores, silentLogger);
    const login = await server.gql(LOGIN_MAIL, { input: admin });
    expect(login.body.data!.login.user).toMatchObject({ email: admin.email, emailVerified: true });
  });
});

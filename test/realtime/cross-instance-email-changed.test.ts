import { CONFIRM_EMAIL_CHANGE, REQUEST_EMAIL_CHANGE, SUBJECTS } from '../mail/support/account-operations';
import { APP_URL } from '../mail/support/mail-test-server';
import { type Deployment, useDeployments } from '../support/deployments';
import { LOGIN, registerUser, uniqueEmail } from '../support/operations';
import { linkTokenOf, startSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { listening, within } from './support/live-client';

/**
 * EMAIL_CHANGED made on A, heard on B: the other session's tab on B hears the event before its 4401, even when B's
 * cache-sync poll falls between the address change (which ends that session) and anything written after it.
 */
describe('sessionEvents across instances: EMAIL_CHANGED', () => {
  const SYNC_MS = 100;
  const deployments = useDeployments({ CACHE_SYNC_INTERVAL: `${SYNC_MS}ms` });
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp?.stop());

  const mailEnv = () => ({ MAIL_TRANSPORT: 'auto', SMTP_URL: smtp.url, MAIL_FROM: 'tokengate <no-reply@tokengate.test>', APP_URL });
  const asServer = (deployment: Deployment) => ({
    gql: (query: string, variables?: Record<string, unknown>, options?: { token?: string }) => deployment.gql(query, variables, options?.token),
  });

  test('the other session’s tab on B hears EMAIL_CHANGED, then 4401, though B polled right after the change', async () => {
    const a = await deployments.deploy(mailEnv());
    const b = await deployments.deploy(mailEnv());
    const user = await registerUser(asServer(a));
    const other = (await a.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data!.login;
    const { live, events } = await listening(b, other.accessToken);

    // Hold the confirmation on A just after the address is changed, for several of B's polls: whatever A writes
    // after the change reaches B only after B has already closed the tab.
    const users = deployments.stores.users;
    const changeEmail = users.changeEmail.bind(users);
    users.changeEmail = async (...args) => {
      const changed = await changeEmail(...args);
      await new Promise((resolve) => setTimeout(resolve, 4 * SYNC_MS));
      return changed;
    };

    const newEmail = uniqueEmail('moved');
    await a.gql(REQUEST_EMAIL_CHANGE, { newEmail, currentPassword: user.password }, user.accessToken);
    const token = linkTokenOf(await smtp.waitFor((mail) => mail.to.includes(newEmail) && SUBJECTS.confirmChange.test(mail.subject)));
    expect((await a.gql(CONFIRM_EMAIL_CHANGE, { token })).body.data?.confirmEmailChange.email).toBe(newEmail);
    expect((await within(live.closed, 3 * SYNC_MS + 1_000, 'close on B')).code).toBe(4401);
    expect(events.results.map((result) => result.data?.sessionEvents.type)).toEqual(['EMAIL_CHANGED']);
  });
});

// An ADMIN sees the users list; a wrong password is a form error; "log out everywhere" revokes every session.
import { assert, assertEqual } from '../support/reporter.mjs';
import { watchGraphql } from '../support/browser.mjs';
import * as api from '../support/graphql-http.mjs';
import * as ui from './ui.mjs';

export async function adminFlow({ reporter, context, appUrl, graphqlUrl, shot, admin, user }) {
  const page = await context.newPage();
  const { traffic, refreshCount } = watchGraphql(page);
  // The expiry check is about HTTP operations failing together: a live socket would refresh on its own
  // reconnect first (realtimeFlow checks that one).
  await ui.withoutLiveSocket(page);
  await page.goto(appUrl);

  await reporter.check('a wrong password is refused with one form-level message', async () => {
    await ui.login(page, { email: admin.email, password: 'not the password' });
    const error = page.getByTestId('login-form-error');
    await error.waitFor();
    assert(/invalid email or password/i.test(await error.innerText()), await error.innerText());
    await shot(page, 'login-refused');
  });

  await reporter.check('an ADMIN sees the users list, with the user registered earlier', async () => {
    await ui.login(page, { email: admin.email, password: admin.password });
    await page.getByTestId('profile-roles').filter({ hasText: 'ADMIN' }).waitFor();
    await ui.openPage(page, 'Users');
    const users = page.getByTestId('admin-users');
    await users.locator('td', { hasText: user.email }).waitFor();
    assertEqual(new URL(page.url()).pathname, '/users', 'path of the users page');
    await shot(page, 'admin-users');
    await shot.phone(page, 'admin-users');
  });

  // On the users page the header's account badge (`me`) and the list (`users`) are both on screen.
  await reporter.check('after expiry, `me` and `users` fail together (two 401s) and share exactly one refresh', async () => {
    const refused = [];
    const onResponse = (response) => {
      if (response.url().endsWith('/graphql') && response.status() === 401) refused.push(response.request().postDataJSON()?.operationName);
    };
    page.on('response', onResponse);
    await ui.waitPastAccessToken(traffic.latestPair);
    const before = refreshCount();
    const bothAnswered = ['Me', 'Users'].map((name) =>
      page.waitForResponse((r) => r.url().endsWith('/graphql') && r.status() === 200 && r.request().postDataJSON()?.operationName === name),
    );
    await page.getByTestId('reload-all').click();
    await Promise.all(bothAnswered);
    page.off('response', onResponse);
    assertEqual(refused.sort().join(','), 'Me,Users', 'operations refused as expired');
    assertEqual(refreshCount() - before, 1, 'refresh requests');
    await page.getByTestId('admin-users').locator('td', { hasText: user.email }).waitFor();
  });

  const otherDevice = await api.login(graphqlUrl, admin);
  const browserToken = traffic.latestPair.accessToken;
  await reporter.check('"log out everywhere" signs the tab out and revokes the other device too', async () => {
    await page.getByTestId('logout-all').click();
    await page.getByTestId('login-form').waitFor();
    for (const [where, token] of [['this tab', browserToken], ['another device', otherDevice.accessToken]]) {
      const { status, body } = await api.me(graphqlUrl, token);
      assertEqual(`${status} ${api.reasonOf(body)}`, '401 TOKEN_REVOKED', `access token of ${where}`);
    }
    await shot(page, 'logged-out-everywhere');
  });
  await page.close();
}

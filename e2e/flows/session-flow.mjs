// register → profile → silent refresh after the access token expires → logout → the old token is refused.
import { assert, assertEqual } from '../support/reporter.mjs';
import { watchGraphql } from '../support/browser.mjs';
import * as api from '../support/graphql-http.mjs';
import * as ui from './ui.mjs';

/**
 * @param {{ reporter, context, appUrl: string, graphqlUrl: string, cookieMode: boolean, shot, user }} env
 */
export async function sessionFlow({ reporter, context, appUrl, graphqlUrl, cookieMode, shot, user }) {
  const page = await context.newPage();
  const { traffic, refreshCount, refreshesSince } = watchGraphql(page);

  await reporter.check('the app loads signed out on the login page; the nav leads to the register page', async () => {
    await page.goto(appUrl);
    await page.getByTestId('login-form').waitFor();
    assertEqual(new URL(page.url()).pathname, '/login', 'path of the signed-out landing page');
    await shot(page, 'signed-out');
    await shot.phone(page, 'signed-out');
    await ui.openPage(page, 'Create account');
    await page.getByTestId('register-form').waitFor();
    assertEqual(new URL(page.url()).pathname, '/register', 'path of the register page');
    assertEqual(await page.getByTestId('login-form').count(), 0, 'login form on the register page');
  });

  await reporter.check('register with a short password shows BAD_USER_INPUT next to the password field', async () => {
    await ui.register(page, { email: user.email, password: 'short' });
    const error = page.getByTestId('register-form').getByTestId('password-error');
    await error.waitFor();
    assert(/8/.test(await error.innerText()), `password error should mention the minimum: ${await error.innerText()}`);
    assertEqual(await page.getByTestId('profile').count(), 0, 'profile shown after a refused registration');
    await shot(page, 'field-error');
    await shot.phone(page, 'field-error');
  });

  await reporter.check('register signs in and the profile shows the email (from `me`)', async () => {
    await ui.register(page, { email: user.email, password: user.password, name: 'E2E User' });
    await page.getByTestId('profile-email').filter({ hasText: user.email }).waitFor();
    assertEqual(await page.getByTestId('admin-users').count(), 0, 'admin view shown to a USER');
    const nav = page.getByRole('navigation', { name: 'Main' });
    assertEqual(await nav.getByRole('link', { name: 'Users' }).count(), 0, 'Users page in the nav of a USER');
    await shot(page, 'profile');
    await shot.phone(page, 'profile');
  });

  await reporter.check(`the refresh credential is kept ${cookieMode ? 'in an HttpOnly cookie' : 'in sessionStorage'}`, async () => {
    const stored = await ui.storedCredential(page);
    const cookie = await ui.refreshCookieOf(context);
    if (cookieMode) {
      assertEqual(stored, 'cookie', 'sessionStorage in cookie mode');
      assert(ui.isHostOnlyHttpOnly(cookie), `cookie: ${JSON.stringify(cookie)}`);
      assertEqual(await page.evaluate(() => document.cookie.includes('tokengate_')), false, 'cookie readable by scripts');
    } else {
      assert(stored?.startsWith('token:'), `sessionStorage holds ${stored}`);
      assertEqual(cookie, undefined, 'refresh cookie without cookie mode');
    }
  });

  // The tab's WebSocket also outlives the token: whichever of its reconnect and the next action comes first
  // refreshes, and the other uses the new token (one single-flight refresh for both). Counted from the current
  // pair's arrival, as the socket may have renewed the register's pair already.
  await reporter.check('after the access token expires, the next action works: exactly one refresh, shared with the socket', async () => {
    const beforeExpiry = traffic.latestPair;
    assert(beforeExpiry, 'no token pair seen on the wire');
    await ui.waitPastAccessToken(beforeExpiry);
    const meAfterRefresh = page.waitForResponse(
      (response) => response.url().endsWith('/graphql') && response.status() === 200 && response.request().postDataJSON()?.operationName === 'Me',
    );
    await page.getByTestId('reload-profile').click();
    await meAfterRefresh;
    await page.getByTestId('profile-email').filter({ hasText: user.email }).waitFor();
    assertEqual(refreshesSince(beforeExpiry.receivedAt), 1, 'refresh requests');
    const refreshRequest = traffic.requests.findLast((request) => request.isRefresh);
    assertEqual(refreshRequest.authorization, undefined, 'Authorization header on refresh');
    assert(traffic.latestPair.accessToken !== beforeExpiry.accessToken, 'the access token was not replaced');
    assertEqual(await page.getByTestId('session-ended').count(), 0, 'session-ended notice');
    await shot(page, 'after-silent-refresh');
  });

  await reporter.check('a page reload restores the session from the refresh credential (one refresh)', async () => {
    const before = refreshCount();
    await page.reload();
    await page.getByTestId('profile-email').filter({ hasText: user.email }).waitFor();
    assertEqual(refreshCount() - before, 1, 'refresh requests on reload');
  });

  // Read off the browser (Playwright sees HttpOnly cookies) to try it against the server after logout.
  const refreshTokenBeforeLogout = cookieMode
    ? (await ui.refreshCookieOf(context))?.value
    : (await ui.storedCredential(page))?.slice('token:'.length);
  const lastAccessToken = traffic.latestPair.accessToken;
  await reporter.check('logout: the profile is gone and the tab forgets its credentials', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    assertEqual(await page.getByTestId('profile').count(), 0, 'profile after logout');
    assertEqual(await ui.storedCredential(page), null, 'sessionStorage after logout');
    if (cookieMode) assert(!(await ui.refreshCookieOf(context))?.value, 'refresh cookie still set after logout');
    await shot(page, 'logged-out');
  });

  await reporter.check('the server refuses the last access token: 401, reason TOKEN_REVOKED', async () => {
    const { status, body } = await api.me(graphqlUrl, lastAccessToken);
    assertEqual(status, 401, 'HTTP status');
    assertEqual(api.reasonOf(body), 'TOKEN_REVOKED', 'reason');
  });

  await reporter.check('the server refuses the last refresh token too (logout revoked it)', async () => {
    assert(refreshTokenBeforeLogout, 'no refresh token was seen before logout');
    const { body } = await api.refresh(graphqlUrl, refreshTokenBeforeLogout);
    assertEqual(api.reasonOf(body), 'TOKEN_REVOKED', 'reason');
  });
  await page.close();
}

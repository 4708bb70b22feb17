// Live session events over the WebSocket: "log out everywhere" in one browser signs another browser of the same
// user out within a second, with no action there; and a socket outlives its 3-second access token: closed at
// expiry, it reconnects with a refreshed token (exactly one refresh) and its subscription goes on delivering; and a
// role change made by an administrator reaches the tab's nav at once.
import { assert, assertEqual } from '../support/reporter.mjs';
import { openBrowser, waitUntil, watchGraphql, watchSockets } from '../support/browser.mjs';
import * as api from '../support/graphql-http.mjs';
import { assertPageLooksRight } from './a11y.mjs';
import * as ui from './ui.mjs';

/** The subscription has to be registered on the server before the event it should hear: a moment after `subscribe`. */
const SUBSCRIBE_SETTLE_MS = 300;

export async function realtimeFlow({ reporter, context, appUrl, graphqlUrl, shot, mode, admin }) {
  const account = { email: `live-${mode}@example.com`, password: 'correct horse battery' };
  const registered = await api.register(graphqlUrl, account);
  const page = await context.newPage();
  const { traffic, refreshCount } = watchGraphql(page);
  const sockets = watchSockets(page);
  await signIn(page, appUrl, account);

  // A second browser (its own profile: its own cookies and storage), signed in as the same user.
  const second = await openBrowser();
  try {
    const other = await second.context.newPage();
    const otherSockets = watchSockets(other);
    await signIn(other, appUrl, account);

    await reporter.check('a signed-in tab subscribes to sessionEvents on one WebSocket at /graphql, with its token in connection_init', async () => {
      const socket = await subscribedSocket(otherSockets);
      assertEqual(new URL(socket.url).pathname, '/graphql', 'socket path');
      assert(/^ws:/.test(socket.url), `socket URL ${socket.url}`);
      assert(/^Bearer \S+$/.test(socket.init.authorization ?? ''), `connection_init payload: ${JSON.stringify(socket.init)}`);
      assertEqual(otherSockets.open().length, 1, 'open sockets in the tab');
    });

    await reporter.check('"Log out everywhere" in one browser: the other shows the signed-out state with the reason within 1 s, untouched', async () => {
      await new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_SETTLE_MS));
      const started = Date.now();
      await page.getByTestId('logout-all').click();
      const notice = other.getByTestId('session-ended');
      await notice.waitFor({ timeout: Math.max(1, 1_000 - (Date.now() - started)) });
      const elapsed = Date.now() - started;
      assert(elapsed <= 1_000, `signed out after ${elapsed} ms`);
      assert(/every device/.test(await notice.innerText()), `notice: ${await notice.innerText()}`);
      await other.getByTestId('login-form').waitFor();
      assertEqual(await other.getByTestId('profile').count(), 0, 'profile in the signed-out browser');
      assertEqual(await ui.storedCredential(other), null, 'sessionStorage in the signed-out browser');
      // The browser that asked is signed out too, without a message about itself.
      await page.getByTestId('login-form').waitFor();
      assertEqual(await page.getByTestId('session-ended').count(), 0, 'notice in the browser that logged out everywhere');
      await assertPageLooksRight(other, 'signed out by a pushed event');
      await shot(other, 'signed-out-by-push');
      await shot.phone(other, 'signed-out-by-push');
    });

    await reporter.check('a signed-out tab holds no socket', async () => {
      await waitUntil(() => otherSockets.open().length === 0 && sockets.open().length === 0, 2_000, 'every socket closed after sign-out');
    });
  } finally {
    await second.close();
  }

  await signIn(page, appUrl, account);
  let first;
  await reporter.check('the socket outlives its 3-second access token: closed at expiry, reconnected with a refreshed one, exactly one refresh', async () => {
    first = await subscribedSocket(sockets);
    const refreshesBefore = refreshCount();
    await waitUntil(() => first.closedAt, 8_000, 'the socket closed at the expiry of its access token');
    const reconnected = await waitUntil(
      () => sockets.sockets.find((socket) => socket.openedAt >= first.closedAt && socket.ackedAt && socket.subscribedAt),
      12_000,
      'a new socket, acknowledged and subscribed again',
    );
    assertEqual(refreshCount() - refreshesBefore, 1, 'refresh requests from the expiry to the reconnection');
    const refreshed = traffic.latestPair?.accessToken;
    assert(reconnected.init.authorization !== first.init.authorization, 'the new socket was opened with the expired token');
    assertEqual(reconnected.init.authorization, `Bearer ${refreshed}`, 'token of the new socket (the refreshed one)');
    assertEqual(await page.getByTestId('session-ended').count(), 0, 'session-ended notice');
    await page.getByTestId('profile').waitFor();
  });

  await reporter.check('after the reconnection the subscription still delivers: another session signed out shows here as a notice', async () => {
    await new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_SETTLE_MS));
    const elsewhere = await api.login(graphqlUrl, account);
    const { body } = await api.logout(graphqlUrl, elsewhere.accessToken, elsewhere.refreshToken);
    assertEqual(body.data?.logout, true, 'logout of the other session');
    await page.getByTestId('account-event').filter({ hasText: 'other sessions was signed out' }).waitFor();
    const delivered = sockets.sockets.filter((socket) => socket.openedAt >= first.closedAt).flatMap((socket) => socket.events);
    assert(delivered.some((event) => event.type === 'SESSION_REVOKED'), `events after the reconnection: ${JSON.stringify(delivered)}`);
    assertEqual(await page.getByTestId('session-ended').count(), 0, 'this tab signed out by another session ending');
    await page.getByTestId('profile').waitFor();
    await assertPageLooksRight(page, 'the notice of a pushed event');
    await shot(page, 'pushed-notice');
    await shot.phone(page, 'pushed-notice');
  });

  await reporter.check('an administrator makes the user ADMIN: the tab shows the Users page in its nav without any action', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' });
    assertEqual(await nav.count(), 0, 'Users link before the role change');
    const { accessToken } = await api.login(graphqlUrl, admin);
    const { body } = await api.setUserRoles(graphqlUrl, accessToken, registered.user.id, ['USER', 'ADMIN']);
    assertEqual(body.data?.setUserRoles.roles.join(','), 'USER,ADMIN', 'roles set');
    await page.getByTestId('account-event').filter({ hasText: 'roles' }).waitFor({ timeout: 2_000 });
    await nav.waitFor({ timeout: 2_000 });
    await nav.click();
    await page.getByTestId('admin-users').waitFor();
  });

  await page.getByTestId('logout').click();
  await page.getByTestId('login-form').waitFor();
  await page.close();
}

async function signIn(page, appUrl, account) {
  if (page.url() === 'about:blank') await page.goto(appUrl);
  await ui.login(page, account);
  await page.getByTestId('profile-email').filter({ hasText: account.email }).waitFor();
}

/** The tab's open socket once it is acknowledged and `sessionEvents` is subscribed on it. */
const subscribedSocket = (watch) =>
  waitUntil(() => watch.open().find((socket) => socket.ackedAt && socket.subscribedAt), 5_000, 'a socket acknowledged, with sessionEvents subscribed');

// A refresh the server refuses (every session revoked elsewhere) ends the session in the tab cleanly. The tab's
// WebSocket is kept down: with it, the revocation is pushed and signs the tab out at once (realtimeFlow); this is
// how a tab learns it when its socket is not there.
import { assert, assertEqual } from '../support/reporter.mjs';
import { watchGraphql } from '../support/browser.mjs';
import * as api from '../support/graphql-http.mjs';
import * as ui from './ui.mjs';

export async function refusedRefreshFlow({ reporter, context, appUrl, graphqlUrl, shot, user }) {
  const page = await context.newPage();
  const { traffic, refreshCount } = watchGraphql(page);
  await ui.withoutLiveSocket(page);
  await page.goto(appUrl);
  await ui.login(page, { email: user.email, password: user.password });
  await page.getByTestId('profile-email').filter({ hasText: user.email }).waitFor();

  await reporter.check('without a live socket, revoked elsewhere, then expired: one refused refresh signs the tab out with a notice', async () => {
    const elsewhere = await api.login(graphqlUrl, user);
    const { body } = await api.logoutAll(graphqlUrl, elsewhere.accessToken);
    assertEqual(body.data?.logoutAll, true, 'logoutAll from another device');
    await ui.waitPastAccessToken(traffic.latestPair);
    const before = refreshCount();
    await page.getByTestId('reload-profile').click();
    await page.getByTestId('session-ended').waitFor();
    assertEqual(refreshCount() - before, 1, 'refresh requests');
    assertEqual(await page.getByTestId('profile').count(), 0, 'profile after a refused refresh');
    assertEqual(await ui.storedCredential(page), null, 'sessionStorage after a refused refresh');
    assert(await page.getByTestId('login-form').isVisible(), 'login form');
    await shot(page, 'refused-refresh');
  });
  await page.close();
}

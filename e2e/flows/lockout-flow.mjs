// A stranger's wrong passwords throttle the email, but not the browser that logged in before (device token:
// in localStorage in bearer mode, the __Host-tokengate_device HttpOnly cookie in cookie mode).
import { assert, assertEqual } from '../support/reporter.mjs';
import * as api from '../support/graphql-http.mjs';
import * as ui from './ui.mjs';

/** RATE_LIMIT_LOGIN_PER_EMAIL of the e2e server (support/tokengate-process.mjs). */
const EMAIL_BUDGET = 10;

export async function lockoutFlow({ reporter, context, appUrl, graphqlUrl, cookieMode, shot, owner }) {
  const page = await context.newPage();
  await page.goto(appUrl);

  await reporter.check(`register keeps the device token ${cookieMode ? 'in an HttpOnly __Host- cookie, not in localStorage' : 'in localStorage'}`, async () => {
    await ui.register(page, { email: owner.email, password: owner.password });
    await page.getByTestId('profile-email').filter({ hasText: owner.email }).waitFor();
    const cookie = await ui.deviceCookieOf(context);
    const stored = (await ui.storedDevices(page))[owner.email];
    if (cookieMode) {
      assert(ui.isHostOnlyHttpOnly(cookie), `device cookie: ${JSON.stringify(cookie)}`);
      assertEqual(stored, undefined, 'device token in localStorage in cookie mode');
    } else {
      assertEqual(cookie, undefined, 'device cookie without cookie mode');
      assert(typeof stored === 'string', `localStorage device token: ${stored}`);
    }
  });

  await reporter.check('logout keeps it', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    if (cookieMode) assert((await ui.deviceCookieOf(context))?.value, 'device cookie gone after logout');
    else assert((await ui.storedDevices(page))[owner.email], 'device token gone from localStorage after logout');
  });

  await reporter.check(`after ${EMAIL_BUDGET} wrong passwords from a stranger the email is throttled, but this browser logs in`, async () => {
    for (let i = 0; i < EMAIL_BUDGET; i++) await api.tryLogin(graphqlUrl, { email: owner.email, password: `stranger guess ${i}` });
    const stranger = await api.tryLogin(graphqlUrl, { email: owner.email, password: owner.password });
    assertEqual(stranger.body.errors?.[0]?.extensions?.code, 'TOO_MANY_REQUESTS', 'a login without the device token');
    await ui.login(page, { email: owner.email, password: owner.password });
    await page.getByTestId('profile-email').filter({ hasText: owner.email }).waitFor();
    await shot(page, 'past-the-lockout');
  });
  await page.close();
}

// What the flows do with the example app's UI (data-testid hooks in examples/web/src/components).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Desktop is the browser's default viewport (support/browser.mjs); phone is a common small phone. */
export const DESKTOP = { width: 1000, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** The signed-out pages are reached through the main nav, as a user would (the form is not on every page). */
const FORM_PAGES = { 'register-form': 'Create account', 'login-form': 'Log in' };

export async function openPage(page, navLabel) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: navLabel, exact: true }).click();
}

export async function fillAndSubmit(page, formTestId, values, button) {
  await openPage(page, FORM_PAGES[formTestId]);
  const form = page.getByTestId(formTestId);
  for (const [name, value] of Object.entries(values)) await form.locator(`input[name="${name}"]`).fill(value);
  await form.getByRole('button', { name: button }).click();
}

export const register = (page, values) => fillAndSubmit(page, 'register-form', values, 'Create account');
export const login = (page, values) => fillAndSubmit(page, 'login-form', values, 'Log in');

/**
 * Screenshots go under test-results/e2e/<mode>/, numbered in the order taken: `shot(page, name)` at the desktop
 * width, `shot.phone(page, name)` at the phone width (the viewport is put back afterwards).
 */
export function screenshotter(dir) {
  let count = 0;
  const shot = async (page, name) => {
    await mkdir(dir, { recursive: true });
    count += 1;
    await page.screenshot({ path: join(dir, `${String(count).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  shot.phone = async (page, name) => {
    const before = page.viewportSize() ?? DESKTOP;
    await page.setViewportSize(PHONE);
    try {
      await shot(page, `${name}-phone`);
    } finally {
      await page.setViewportSize(before);
    }
  };
  return shot;
}

/**
 * Keeps the page's WebSocket from reaching tokengate: the app's socket opens but is never acknowledged, so
 * nothing is pushed and no reconnect refreshes the token. For checks of what the HTTP path does on its own, as
 * in a tab whose socket is down (with it, realtimeFlow shows the push arriving first). Call before `goto`.
 */
export const withoutLiveSocket = (page) => page.routeWebSocket(/\/graphql$/, () => undefined);

/** Sleeps until the access token of `pair` is past its exp (seconds granularity, plus a margin). */
export async function waitPastAccessToken(pair) {
  const expiresAt = pair.receivedAt + pair.expiresIn * 1000 + 1_000;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now())));
}

/** The app's refresh credential in sessionStorage ('token:…', 'cookie', or null). */
export const storedCredential = (page) => page.evaluate(() => sessionStorage.getItem('tokengate.refresh'));

/** The server's cookie names outside development (the e2e server runs NODE_ENV=test): Secure, `__Host-` prefixed. */
export const REFRESH_COOKIE = '__Host-tokengate_refresh';
export const DEVICE_COOKIE = '__Host-tokengate_device';

const cookieNamed = async (context, name) => (await context.cookies()).find((cookie) => cookie.name === name);
export const refreshCookieOf = (context) => cookieNamed(context, REFRESH_COOKIE);
export const deviceCookieOf = (context) => cookieNamed(context, DEVICE_COOKIE);

/** The device tokens the app keeps in localStorage (bearer mode), by account. */
export const storedDevices = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('tokengate.devices') ?? '{}'));

/** What the `__Host-` prefix demands of a cookie, and what browser mode adds (HttpOnly, SameSite=Strict). */
export const isHostOnlyHttpOnly = (cookie) =>
  Boolean(cookie?.httpOnly && cookie.secure && cookie.path === '/' && cookie.sameSite === 'Strict' && !cookie.domain.startsWith('.'));

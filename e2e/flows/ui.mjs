// What the flows do with the example app's UI (data-testid hooks in examples/web/src/components).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function fillAndSubmit(page, formTestId, values, button) {
  const form = page.getByTestId(formTestId);
  for (const [name, value] of Object.entries(values)) await form.locator(`input[name="${name}"]`).fill(value);
  await form.getByRole('button', { name: button }).click();
}

export const register = (page, values) => fillAndSubmit(page, 'register-form', values, 'Create account');
export const login = (page, values) => fillAndSubmit(page, 'login-form', values, 'Log in');

/** Screenshots go under test-results/e2e/<mode>/, numbered in the order taken. */
export function screenshotter(dir) {
  let count = 0;
  return async (page, name) => {
    await mkdir(dir, { recursive: true });
    count += 1;
    await page.screenshot({ path: join(dir, `${String(count).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
}

/** Sleeps until the access token of `pair` is past its exp (seconds granularity, plus a margin). */
export async function waitPastAccessToken(pair) {
  const expiresAt = pair.receivedAt + pair.expiresIn * 1000 + 1_000;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now())));
}

/** The app's refresh credential in sessionStorage ('token:…', 'cookie', or null). */
export const storedCredential = (page) => page.evaluate(() => sessionStorage.getItem('tokengate.refresh'));

export const refreshCookieOf = async (context) =>
  (await context.cookies()).find((cookie) => cookie.name === 'tokengate_refresh');

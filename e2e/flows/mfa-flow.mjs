// Two-factor authentication and sessions through the UI: enroll (codes computed from the secret on screen), log in
// with password + TOTP, a second browser signed in with a recovery code, revoked from the Sessions page and signed
// out at once (pushed over its WebSocket), and the same recovery code refused the second time.
import { assert, assertEqual } from '../support/reporter.mjs';
import { openBrowser } from '../support/browser.mjs';
import { authenticatorFor } from '../support/totp.mjs';
import { assertPageLooksRight } from './a11y.mjs';
import * as ui from './ui.mjs';

export async function mfaFlow({ reporter, context, appUrl, shot, mode }) {
  const account = { email: `two-factor-${mode}@example.com`, password: 'correct horse battery' };
  const page = await context.newPage();
  let authenticator;
  let recoveryCodes = [];

  await reporter.check('Security: the set-up shows the QR code as an image (data: URI, no markup inserted) and the secret', async () => {
    await page.goto(appUrl);
    await ui.register(page, account);
    await page.getByTestId('profile-email').filter({ hasText: account.email }).waitFor();
    await ui.openPage(page, 'Security');
    await page.getByTestId('mfa-status').filter({ hasText: 'Off' }).waitFor();
    await page.getByTestId('mfa-begin').click();
    const qr = page.getByTestId('totp-qr');
    await qr.waitFor();
    const image = await qr.evaluate((img) => ({ src: img.src, tag: img.tagName, decoded: img.complete && img.naturalWidth > 0 }));
    assert(image.src.startsWith('data:image/svg+xml'), `QR code src: ${image.src.slice(0, 40)}`);
    assert(image.tag === 'IMG' && image.decoded, `QR code not drawn as an image: ${JSON.stringify({ ...image, src: undefined })}`);
    assertEqual(await page.getByTestId('mfa-enrollment').locator('svg').count(), 0, 'server SVG inserted into the page');
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    assert(/^[A-Z2-7]{16,}$/.test(secret), `secret on screen: ${secret}`);
    authenticator = authenticatorFor(secret);
    await assertPageLooksRight(page, 'Security (set-up)');
    await shot(page, 'mfa-enroll');
    await shot.phone(page, 'mfa-enroll');
  });

  await reporter.check('a code computed from that secret turns 2FA on; 10 recovery codes are shown once, with a copy button', async () => {
    const form = page.getByTestId('mfa-confirm-form');
    await form.locator('input[name="code"]').fill(await authenticator.next());
    await form.getByRole('button', { name: 'Turn on' }).click();
    const list = page.getByTestId('recovery-codes');
    await list.waitFor();
    recoveryCodes = (await list.locator('li').allInnerTexts()).map((code) => code.trim());
    assertEqual(recoveryCodes.length, 10, 'recovery codes shown');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: appUrl });
    await page.getByTestId('copy-recovery-codes').click();
    await page.getByText('Copied to the clipboard.').waitFor();
    assertEqual(await page.evaluate(() => navigator.clipboard.readText()), recoveryCodes.join('\n'), 'clipboard');
    await assertPageLooksRight(page, 'Security (recovery codes)');
    await shot(page, 'mfa-recovery-codes');
    await shot.phone(page, 'mfa-recovery-codes');
    await page.getByTestId('recovery-codes-saved').click();
    await page.getByTestId('mfa-status').filter({ hasText: 'On' }).waitFor();
    assertEqual(await page.getByTestId('recovery-codes').count(), 0, 'recovery codes still on screen after "saved"');
    await shot(page, 'mfa-on');
  });

  await reporter.check('log out, log in: the password is answered with a second step; a TOTP code signs in', async () => {
    await page.getByTestId('logout').click();
    await ui.login(page, account);
    const form = page.getByTestId('mfa-form');
    await form.waitFor();
    const input = form.locator('input[name="code"]');
    assertEqual(`${await input.getAttribute('autocomplete')} ${await input.getAttribute('inputmode')}`, 'one-time-code numeric', 'code field');
    assertEqual(await page.getByTestId('profile').count(), 0, 'profile before the second step');
    await assertPageLooksRight(page, 'Log in (second step)');
    await shot(page, 'mfa-login-step');
    await shot.phone(page, 'mfa-login-step');
    await input.fill(await authenticator.next());
    await form.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('profile-email').filter({ hasText: account.email }).waitFor();
  });

  const second = await openBrowser();
  try {
    const other = await second.context.newPage();
    await reporter.check('a second browser logs in with a recovery code, "remember me" off; Sessions lists both, this one marked', async () => {
      await other.goto(appUrl);
      await logInWithRecoveryCode(other, account, recoveryCodes[0], { rememberMe: false });
      await other.getByTestId('profile-email').filter({ hasText: account.email }).waitFor();
      await ui.openPage(page, 'Sessions');
      const rows = page.getByTestId('session-row');
      await rows.nth(1).waitFor();
      assertEqual(await rows.count(), 2, 'sessions listed');
      const current = rows.and(page.locator('[data-current="true"]'));
      assertEqual(await current.count(), 1, 'sessions marked current');
      assert(/This device/.test(await current.innerText()), 'current session not labelled "This device"');
      assertEqual(await current.getByTestId('revoke-session').count(), 0, 'revoke button on the current session');
      const otherRow = rows.and(page.locator('[data-current="false"]'));
      const details = await otherRow.getByTestId('session-details').innerText();
      assert(/Two-factor/.test(details) && /Until the browser closes/.test(details), `the other session's details: ${details}`);
      await assertPageLooksRight(page, 'Sessions');
      await shot(page, 'sessions');
      await shot.phone(page, 'sessions');
    });

    await reporter.check('revoking the other session: the list keeps this one; the other browser is signed out at once (pushed), untouched', async () => {
      await page.getByTestId('session-row').and(page.locator('[data-current="false"]')).getByTestId('revoke-session').click();
      await page.getByTestId('sessions-status').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="session-row"]').length === 1);
      assertEqual(await page.locator('[data-testid="session-row"][data-current="true"]').count(), 1, 'this session still listed');
      const notice = other.getByTestId('session-ended');
      await notice.waitFor();
      assert(/ended, from another device/.test(await notice.innerText()), `notice: ${await notice.innerText()}`);
      assert(await other.getByTestId('login-form').isVisible(), 'login form in the revoked browser');
      await ui.openPage(page, 'Profile');
      await page.getByTestId('reload-profile').click();
      await page.getByTestId('profile-email').filter({ hasText: account.email }).waitFor();
      assertEqual(await page.getByTestId('session-ended').count(), 0, 'this browser signed out too');
      await shot(other, 'signed-out-by-revoke');
    });

    await reporter.check('the recovery code used once is refused the second time, beside the field; an unused one signs in', async () => {
      await logInWithRecoveryCode(other, account, recoveryCodes[0]);
      const error = other.getByTestId('mfa-form').getByTestId('code-error');
      await error.waitFor();
      assert(/already used/.test(await error.innerText()), `error: ${await error.innerText()}`);
      assertEqual(await other.getByTestId('profile').count(), 0, 'signed in with a spent recovery code');
      await shot(other, 'recovery-code-refused');
      const form = other.getByTestId('mfa-form');
      await form.locator('input[name="code"]').fill(recoveryCodes[1]);
      await form.getByRole('button', { name: 'Verify' }).click();
      await other.getByTestId('profile-email').filter({ hasText: account.email }).waitFor();
    });

    await reporter.check('"Sign out all other sessions" ends the second browser again, at once', async () => {
      await ui.openPage(page, 'Sessions');
      await page.locator('[data-testid="session-row"][data-current="false"]').waitFor();
      await page.getByTestId('revoke-others').click();
      await page.getByTestId('sessions-status').filter({ hasText: '1 other session signed out.' }).waitFor();
      await other.getByTestId('session-ended').waitFor();
    });
  } finally {
    await second.close();
  }

  await reporter.check('Security: 2FA turned off with a code (a recovery code here); the next login asks for none', async () => {
    await ui.openPage(page, 'Security');
    const form = page.getByTestId('mfa-disable-form');
    await form.locator('input[name="code"]').fill(recoveryCodes[2]);
    await form.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
    await page.getByTestId('mfa-status').filter({ hasText: 'Off' }).waitFor();
    await page.getByTestId('logout').click();
    await ui.login(page, account);
    await page.getByTestId('profile-email').filter({ hasText: account.email }).waitFor();
  });
  await page.getByTestId('logout').click();
  await page.getByTestId('login-form').waitFor();
  await page.close();
}

async function logInWithRecoveryCode(page, account, code, { rememberMe = true } = {}) {
  await ui.openPage(page, 'Log in');
  const login = page.getByTestId('login-form');
  await login.locator('input[name="email"]').fill(account.email);
  await login.locator('input[name="password"]').fill(account.password);
  await login.getByLabel('Remember me').setChecked(rememberMe);
  await login.getByRole('button', { name: 'Log in' }).click();
  const form = page.getByTestId('mfa-form');
  await form.getByRole('button', { name: 'Use a recovery code' }).click();
  await form.getByLabel('Recovery code').fill(code);
  await form.getByRole('button', { name: 'Verify' }).click();
}

// The mailed links, followed in the browser from a real SMTP server's inbox: verify the address, forgot password →
// reset → log in with the new password (the old one refused), and change the email (confirmed from the new address).
import { assert, assertEqual } from '../support/reporter.mjs';
import { linkIn } from '../support/smtp-inbox.mjs';
import { assertPageLooksRight } from './a11y.mjs';
import * as ui from './ui.mjs';

const mailTo = (email, path) => (mail) => mail.to.includes(email) && mail.text.includes(`${path}?token=`);

export async function emailFlow({ reporter, context, appUrl, shot, mode, inbox }) {
  const account = { email: `mailbox-${mode}@example.com`, password: 'correct horse battery' };
  const newPassword = 'a brand new passphrase';
  const newEmail = `moved-${mode}@example.com`;
  const page = await context.newPage();

  await reporter.check('register mails a verification link; opened, it verifies the address and leaves the address bar', async () => {
    await page.goto(appUrl);
    await ui.register(page, account);
    await page.getByTestId('profile-email-verified').filter({ hasText: 'Not yet' }).waitFor();
    const link = linkIn(await inbox.waitFor(mailTo(account.email, '/verify-email')), appUrl, '/verify-email');
    // A mail client opens the link in a new tab.
    const tab = await context.newPage();
    await tab.goto(link);
    await tab.getByTestId('link-done').filter({ hasText: `${account.email} is verified` }).waitFor();
    assertEqual(tab.url(), `${appUrl}/verify-email`, 'address bar after reading the token');
    await assertPageLooksRight(tab, 'verify-email');
    await shot(tab, 'verify-email');
    await shot.phone(tab, 'verify-email');
    await tab.reload();
    await tab.getByTestId('link-error').waitFor();
    await tab.close();
    await page.getByTestId('reload-profile').click();
    await page.getByTestId('profile-email-verified').filter({ hasText: 'Yes' }).waitFor();
  });

  await reporter.check('change email: the link mailed to the new address moves the account; this session stays signed in', async () => {
    const form = page.getByTestId('change-email-form');
    await form.locator('input[name="newEmail"]').fill(newEmail);
    await form.locator('input[name="currentPassword"]').fill(account.password);
    await form.getByRole('button', { name: 'Mail me a confirmation link' }).click();
    await form.getByTestId('change-email-sent').waitFor();
    await shot(page, 'change-email-requested');
    const link = linkIn(await inbox.waitFor(mailTo(newEmail, '/confirm-email-change')), appUrl, '/confirm-email-change');
    const tab = await context.newPage();
    await tab.goto(link);
    await tab.getByTestId('link-done').filter({ hasText: newEmail }).waitFor();
    assertEqual(tab.url(), `${appUrl}/confirm-email-change`, 'address bar after reading the token');
    await assertPageLooksRight(tab, 'confirm-email-change');
    await shot(tab, 'confirm-email-change');
    await shot.phone(tab, 'confirm-email-change');
    await tab.close();
    await page.getByTestId('reload-profile').click();
    await page.getByTestId('profile-email').filter({ hasText: newEmail }).waitFor();
    account.email = newEmail;
  });

  await reporter.check('forgot password → the mailed link → a new password signs in; the old password is refused, the new one works', async () => {
    await page.getByTestId('logout').click();
    await ui.openPage(page, 'Log in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    const forgot = page.getByTestId('forgot-password-form');
    await forgot.locator('input[name="email"]').fill(account.email);
    await forgot.getByRole('button', { name: 'Mail me a link' }).click();
    await forgot.getByTestId('forgot-password-form-sent').waitFor();
    await assertPageLooksRight(page, 'forgot-password');
    await shot(page, 'forgot-password');
    await shot.phone(page, 'forgot-password');
    const link = linkIn(await inbox.waitFor(mailTo(account.email, '/reset-password')), appUrl, '/reset-password');
    await page.goto(link);
    const reset = page.getByTestId('reset-password-form');
    await reset.waitFor();
    assertEqual(page.url(), `${appUrl}/reset-password`, 'address bar after reading the token');
    await reset.locator('input[name="newPassword"]').fill('short');
    await reset.getByRole('button', { name: 'Set the new password' }).click();
    await reset.getByTestId('newPassword-error').waitFor();
    await assertPageLooksRight(page, 'reset-password');
    await shot(page, 'reset-password-error');
    await shot.phone(page, 'reset-password-error');
    await reset.locator('input[name="newPassword"]').fill(newPassword);
    await reset.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByTestId('profile-email').filter({ hasText: account.email }).waitFor();
    await page.getByTestId('logout').click();
    await ui.login(page, account);
    const refused = page.getByTestId('login-form-error');
    await refused.waitFor();
    assert(/invalid email or password/i.test(await refused.innerText()), await refused.innerText());
    await ui.login(page, { email: account.email, password: newPassword });
    await page.getByTestId('profile-email').filter({ hasText: account.email }).waitFor();
  });
  await page.getByTestId('logout').click();
  await page.close();
}

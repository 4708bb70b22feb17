// The app's look and access, measured in the browser: errors beside their fields, pending buttons, visible
// keyboard focus, WCAG AA text contrast, and a layout that fits a phone. Screenshots at both widths.
import { assert, assertEqual } from '../support/reporter.mjs';
import { boxesOf, contrastFailures, focusedStyle, overflowsSideways } from './a11y.mjs';
import * as ui from './ui.mjs';

/** The error must start right under its own input, aligned with it (not above the form, not under another). */
const MAX_GAP_PX = 12;

export async function lookFlow({ reporter, context, appUrl, shot, admin, mode }) {
  const page = await context.newPage();
  await page.goto(appUrl);
  const register = page.getByTestId('register-form');
  const login = page.getByTestId('login-form');

  await reporter.check('the skip link is the first Tab stop and shows itself when focused', async () => {
    await login.waitFor();
    await page.keyboard.press('Tab');
    const focused = await focusedStyle(page);
    assertEqual(focused.name, 'Skip to content', 'first focused element');
    const box = await page.getByRole('link', { name: 'Skip to content' }).boundingBox();
    assert(box && box.y >= 0 && box.height > 10, `skip link not on screen when focused: ${JSON.stringify(box)}`);
  });

  await reporter.check('a bad field: its error appears right under that field, tied to it, and gets focus', async () => {
    await ui.register(page, { email: `newcomer-${mode}@example.com`, password: 'short' });
    await register.getByTestId('password-error').waitFor();
    await assertBeside(register, 'password');
    assertEqual(await register.getByTestId('email-error').count(), 0, 'email errors');
    assertEqual(await register.locator('input[name="email"]').getAttribute('aria-invalid'), null, 'aria-invalid on the valid email');
    assertEqual((await focusedStyle(page)).name, 'password', 'focused after the refused submit');
    await shot(page, 'field-error-password');
  });

  await reporter.check('a taken email: BAD_USER_INPUT with extensions.field "email" moves the error to the email field', async () => {
    await ui.register(page, { email: admin.email, password: 'a long enough password' });
    await register.getByTestId('email-error').waitFor();
    await assertBeside(register, 'email');
    assertEqual(await register.getByTestId('password-error').count(), 0, 'the earlier password error is gone');
    assertEqual((await focusedStyle(page)).name, 'email', 'focused after the refused submit');
    await shot(page, 'field-error-email');
    await shot.phone(page, 'field-error-email');
  });

  await reporter.check('the register page with a field error: every text reaches WCAG AA contrast', async () => {
    assertNoContrastFailures(await contrastFailures(page));
  });

  await reporter.check('keyboard focus is visible: a 2px+ solid outline on :focus-visible, input, checkbox and button', async () => {
    await ui.openPage(page, 'Log in');
    await login.locator('input[name="email"]').click();
    assertVisibleFocus(await focusedStyle(page), 'email input');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const checkbox = await focusedStyle(page);
    assertEqual(`${checkbox.tag} ${checkbox.name}`, 'INPUT rememberMe', 'focused after two Tabs');
    assertVisibleFocus(checkbox, 'remember-me checkbox');
    await page.keyboard.press('Tab');
    const button = await focusedStyle(page);
    assertEqual(`${button.tag} ${button.name}`, 'BUTTON Log in', 'focused after three Tabs');
    assertVisibleFocus(button, 'submit button');
    await shot(page, 'focus-visible');
  });

  await reporter.check('a submit button is disabled and aria-busy while its request runs; Enter cannot resend', async () => {
    const held = holdOperation(page, 'Login');
    await ui.login(page, { email: admin.email, password: 'not the password' });
    await held.arrived;
    const button = login.getByRole('button', { name: 'Log in' });
    assertEqual(await button.isDisabled(), true, 'disabled while pending');
    assertEqual(await button.getAttribute('aria-busy'), 'true', 'aria-busy while pending');
    await login.locator('input[name="password"]').press('Enter');
    await shot(page, 'login-pending');
    await held.release();
    await login.getByTestId('login-form-error').waitFor();
    assertEqual(held.count(), 1, 'Login requests sent (Enter while pending must not resend)');
    assertEqual(await button.isDisabled(), false, 'enabled again after the answer');
    assertEqual(await button.getAttribute('aria-busy'), null, 'aria-busy after the answer');
  });

  await reporter.check('the login page with a form error: every text reaches WCAG AA contrast', async () => {
    assertNoContrastFailures(await contrastFailures(page));
  });

  await reporter.check('signed in: the reload button is pending while `me` runs; the profile page text reaches AA contrast', async () => {
    await ui.login(page, admin);
    await page.getByTestId('profile-email').filter({ hasText: admin.email }).waitFor();
    const held = holdOperation(page, 'Me');
    const reload = page.getByTestId('reload-profile');
    await reload.click();
    await held.arrived;
    assertEqual(`${await reload.isDisabled()} ${await reload.getAttribute('aria-busy')}`, 'true true', 'disabled, aria-busy');
    await held.release();
    await page.waitForFunction(() => !document.querySelector('[data-testid="reload-profile"]').disabled);
    assertNoContrastFailures(await contrastFailures(page));
  });

  await reporter.check('on a phone the pages fit the width (no sideways scroll), the nav stays on screen, text reaches AA contrast', async () => {
    await page.setViewportSize(ui.PHONE);
    try {
      for (const label of ['Profile', 'Users']) {
        await ui.openPage(page, label);
        await page.getByRole('heading', { level: 1, name: label }).waitFor();
        if (label === 'Users') await page.getByTestId('admin-users').locator('td').first().waitFor();
        assertEqual(await overflowsSideways(page), false, `${label} page wider than the phone`);
        for (const name of ['Profile', 'Sessions', 'Security', 'Users']) {
          assert(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).isVisible(), `nav link ${name}`);
        }
        assert(await page.getByTestId('logout').isVisible(), 'log out button');
        assertNoContrastFailures(await contrastFailures(page));
        await shot(page, `${label.toLowerCase()}-phone`);
      }
    } finally {
      await page.setViewportSize(ui.DESKTOP);
    }
  });
  await page.getByTestId('logout').click();
  await login.waitFor();
  await page.close();
}

/** Holds the named operation's requests until `release()`; counts how many were sent. */
function holdOperation(page, operationName) {
  let arrive;
  let open;
  const arrived = new Promise((resolve) => (arrive = resolve));
  const gate = new Promise((resolve) => (open = resolve));
  const inFlight = [];
  let count = 0;
  const handler = (route) => {
    const held = route.request().postDataJSON()?.operationName === operationName;
    if (held) {
      count += 1;
      arrive();
    }
    const passed = (held ? gate : Promise.resolve()).then(() => route.continue());
    inFlight.push(passed);
    return passed;
  };
  const ready = page.route('**/graphql', handler);
  return {
    arrived: ready.then(() => arrived),
    count: () => count,
    release: async () => {
      open();
      // Unrouting while a handler still holds its route would hand that route on twice.
      await Promise.all(inFlight);
      await page.unroute('**/graphql', handler);
    },
  };
}

async function assertBeside(form, name) {
  const { input, error } = await boxesOf(form, name);
  const gap = error.y - (input.y + input.height);
  assert(gap >= 0 && gap <= MAX_GAP_PX, `${name} error is ${gap}px below its input (want 0 to ${MAX_GAP_PX})`);
  assert(Math.abs(error.x - input.x) <= 2, `${name} error starts at x=${error.x}, its input at x=${input.x}`);
  const described = (await form.locator(`input[name="${name}"]`).getAttribute('aria-describedby')) ?? '';
  const errorId = await form.getByTestId(`${name}-error`).getAttribute('id');
  assert(described.split(' ').includes(errorId), `aria-describedby "${described}" does not name the error ${errorId}`);
  assertEqual(await form.locator(`input[name="${name}"]`).getAttribute('aria-invalid'), 'true', `aria-invalid on ${name}`);
}

function assertVisibleFocus(focused, what) {
  assert(focused.focusVisible, `${what} does not match :focus-visible`);
  assert(focused.outlineStyle !== 'none' && focused.outlineWidth >= 2, `${what} outline: ${focused.outlineStyle} ${focused.outlineWidth}px`);
  // WCAG 1.4.11: a focus indicator is a graphical object that must reach 3:1 against what surrounds it.
  assert(focused.outlineContrast >= 3, `${what} outline ${focused.outlineColor}: ${focused.outlineContrast.toFixed(2)}:1`);
}

function assertNoContrastFailures(failures) {
  assert(failures.length === 0, `text below WCAG AA contrast: ${failures.join('; ')}`);
}

import { QueryTypes } from 'sequelize';
import { e2eDatabase, expect, test } from './fixtures';
import { saveReadmePicture } from './readme-pictures';
import { waitForEmail } from './mailbox';

test.describe('signing in and out', () => {
  test('signs in with the form, lands where it was asked to go, and signs out', async ({ page, employee }) => {
    await page.goto('/employees');
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Femployees/);
    await page.getByLabel('Work email').fill(employee.workEmail.toUpperCase());
    await page.getByLabel('Password').fill(employee.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/employees$/);
    await expect(page.getByRole('heading', { name: 'Directory' })).toBeVisible();

    const cookie = (await page.context().cookies()).find((candidate) => candidate.name === 'session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    // The old cookie is dead on the server too: replaying it gets no session.
    await page.context().addCookies([{ ...cookie!, expires: -1 }]);
    await page.goto('/me');
    await expect(page).toHaveURL(/\/login/);
  });

  test('after signing in with the keyboard, focus starts at the new page’s main heading', async ({
    page,
    employee,
  }) => {
    await page.goto('/login');
    await page.getByLabel('Work email').focus();
    await page.keyboard.type(employee.workEmail);
    await page.keyboard.press('Tab');
    await page.keyboard.type(employee.password);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    // The next Tab goes on inside the page's content, not from the top of the document.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.getElementById('main')!.contains(document.activeElement))).toBe(true);
    await saveReadmePicture(page, 'edges/11-focus-after-sign-in');
  });

  test('gives a new session id at every sign-in', async ({ page, employee }) => {
    const ids: string[] = [];
    for (let round = 0; round < 2; round++) {
      await page.goto('/login');
      await page.getByLabel('Work email').fill(employee.workEmail);
      await page.getByLabel('Password').fill(employee.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(/\/me/);
      ids.push((await page.context().cookies()).find((cookie) => cookie.name === 'session')!.value);
      await page.getByRole('button', { name: 'Sign out' }).click();
      // Wait for the sign-out to land: otherwise the next round's /login may still see the old session.
      await expect(page).toHaveURL(/\/login$/);
    }
    expect(ids[0]).not.toBe(ids[1]);
  });

  test('says so when the password is wrong, without saying whether the account exists', async ({ page, employee }) => {
    await page.goto('/login');
    await page.getByLabel('Work email').fill(employee.workEmail);
    await page.getByLabel('Password').fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const message = page.getByRole('alert');
    await expect(message).toContainText('That email and password do not match an account');

    await page.getByLabel('Work email').fill('nobody.at.all@xyz.example');
    await page.getByLabel('Password').fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(message).toContainText('That email and password do not match an account');
  });

  test('pauses sign-in after repeated failures, even with the right password', async ({ page, employee }) => {
    await page.goto('/login');
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.getByLabel('Work email').fill(employee.workEmail);
      await page.getByLabel('Password').fill(`wrong password ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toContainText('do not match');
    }
    await page.getByLabel('Work email').fill(employee.workEmail);
    await page.getByLabel('Password').fill(employee.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('Too many failed attempts');
    await expect(page).toHaveURL(/\/login/);
  });

  test('tells a deactivated employee so only after the right password, and still pauses sign-in', async ({
    page,
    makeEmployee,
  }) => {
    const former = await makeEmployee({ status: 'inactive' });
    const signInWith = async (password: string) => {
      await page.getByLabel('Work email').fill(former.workEmail);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    await page.goto('/login');

    // A wrong password gets the words anyone gets: nothing says the address exists or is deactivated.
    await signInWith('not the right password');
    await expect(page.getByRole('alert')).toHaveText(
      'That email and password do not match an account. Check them and try again.',
    );
    await expect(page.getByText(/deactivated/i)).toHaveCount(0);

    // The right password: why, and whom to ask (an HR admin, by name and email).
    await signInWith(former.password);
    const notice = page.getByTestId('inactive-account');
    await expect(notice).toContainText('Your account has been deactivated, so you can no longer sign in');
    await expect(notice).toContainText('If you think this is a mistake, ask HR');
    await expect(notice.getByRole('link', { name: /@xyz\.example$/ }).first()).toHaveAttribute('href', /^mailto:/);
    await expect(page).toHaveURL(/\/login$/);
    expect((await page.context().cookies()).find((cookie) => cookie.name === 'session')).toBeUndefined();

    // Neither attempt signed in, so both count: after five, even the right password is paused.
    for (let attempt = 0; attempt < 3; attempt++) await signInWith(`wrong password ${attempt}`);
    await signInWith(former.password);
    await expect(page.getByRole('alert')).toContainText('Too many failed attempts');
    await expect(notice).toHaveCount(0);
  });

  test('a pending employee signs in to their own profile, told what waits for HR and whom to ask', async ({
    page,
    makeEmployee,
  }) => {
    const newcomer = await makeEmployee({ status: 'pending' });
    await page.goto('/login?redirectTo=/employees');
    await page.getByLabel('Work email').fill(newcomer.workEmail);
    await page.getByLabel('Password').fill(newcomer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The directory is for activated profiles: a pending one lands on its own page, which says why.
    await expect(page).toHaveURL(/\/me$/);
    const notice = page.getByTestId('pending-notice');
    await expect(notice).toContainText('Your profile is waiting for HR to check it');
    await expect(notice).toContainText('the directory stays closed to you');
    await expect(notice.getByRole('link', { name: /@xyz\.example$/ }).first()).toHaveAttribute('href', /^mailto:/);
  });

  test('never redirects to another site after sign-in', async ({ page, employee }) => {
    await page.goto('/login?redirectTo=https://evil.example/phish');
    await page.getByLabel('Work email').fill(employee.workEmail);
    await page.getByLabel('Password').fill(employee.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/me$/);
  });
});

test.describe('password reset', () => {
  test('the one-time link in the email sets a new password, and HR never sees it', async ({
    page,
    adminPage,
    employee,
  }) => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    // Client-side navigation: both pages have a "Work email" field, so wait for the new one.
    await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
    await page.getByLabel('Work email').fill(employee.workEmail);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect(page.getByRole('status')).toContainText('a reset link is on its way');

    // The link arrives in the employee's inbox (locally, an .eml file the mailer wrote).
    const email = await waitForEmail(employee.workEmail, 'Reset your XYZ People password');
    expect(email.from).toBe('XYZ People <no-reply@xyz.example>');
    const link = email.link;
    expect(link).toContain('/reset-password?token=');
    const token = new URL(link!).searchParams.get('token')!;

    // HR's notifications page lists the email (subject, recipient, sent) but never its link or token.
    await expect(async () => {
      await adminPage.goto('/admin/notifications');
      await expect(
        adminPage
          .getByTestId('personal-email')
          .filter({ hasText: employee.workEmail })
          .filter({ hasText: 'Reset your XYZ People password' }),
      ).toHaveAttribute('data-state', 'sent', { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    const html = await (await adminPage.request.get('/admin/notifications')).text();
    expect(html).toContain(employee.workEmail);
    expect(html).not.toContain(token);
    expect(html).not.toContain('reset-password?token');
    expect(await adminPage.content()).not.toContain(token);

    await page.goto(link!);
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(page.getByText('Use at least 10 characters')).toBeVisible();
    await page.getByLabel('New password').fill('a brand new river walk');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(page).toHaveURL(/\/me\?password=set$/);
    await expect(page.getByTestId('password-set')).toHaveText(
      'Your new password is set. You are signed in here, and signed out on every other device.',
    );
    await saveReadmePicture(page.getByTestId('password-set'), 'edges/3-password-set-notice');

    // The link is spent.
    await page.goto(link!);
    await expect(page.getByRole('heading', { name: 'This link does not work any more' })).toBeVisible();

    // The new password works; the old one does not.
    await page
      .getByRole('button', { name: 'Sign out' })
      .click()
      .catch(() => {});
    await page.context().clearCookies();
    await page.goto('/login');
    await page.getByLabel('Work email').fill(employee.workEmail);
    await page.getByLabel('Password').fill(employee.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('do not match');
    await page.getByLabel('Password').fill('a brand new river walk');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/me$/);

    const tokens = await e2eDatabase().sequelize.query<{ id: string }>(
      'SELECT id FROM password_reset_tokens WHERE employee_id = :id',
      {
        replacements: { id: employee.id },
        type: QueryTypes.SELECT,
      },
    );
    expect(tokens.length).toBeGreaterThan(0);
    expect(JSON.stringify(tokens)).not.toContain(new URL(link!, 'http://x').searchParams.get('token'));
  });
});

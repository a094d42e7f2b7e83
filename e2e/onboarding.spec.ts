import {
  answerFaceCheck,
  countEmployeesWithEmail,
  deleteEmployeeByEmail,
  expect,
  test,
  waitForSearchIndexToCatchUp,
} from './fixtures';
import { writePortraitJpeg } from './images';
import { waitForEmail } from './mailbox';
import { randomLetters } from './names';
import { README_PICTURES, saveReadmePicture } from './readme-pictures';

test.describe('onboarding a new employee', () => {
  const lastName = `Newcomer${randomLetters(6)}`;
  const email = `ada.${lastName.toLowerCase()}@xyz.example`;
  test.afterAll(async () => deleteEmployeeByEmail(email));

  test('joins with a photo, waits for HR, is activated, and is then found in the directory', async ({
    page,
    adminPage,
    admin,
  }, testInfo) => {
    test.setTimeout(120_000);
    const photo = await writePortraitJpeg(testInfo.outputPath('portrait.jpg'));

    // The first step asks only for the work email and answers "check your inbox"; the proof is in the mailbox
    // (docs/decisions/318-join-proves-the-work-address.md).
    await page.goto('/join');
    await saveReadmePicture(page, 'join-proof-1-email-step');
    await page.getByLabel('Work email').fill(email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect(page.getByRole('status')).toContainText('Check your inbox');
    await saveReadmePicture(page, 'join-proof-2-check-your-inbox');
    expect(await countEmployeesWithEmail(email)).toBe(0);
    const invitation = await waitForEmail(email, 'Confirm your work email to join XYZ People');
    expect(invitation.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/join\?token=[\w-]{43}$/);
    if (README_PICTURES) {
      // The email as a mail program shows its HTML part.
      const mailView = await page.context().newPage();
      await mailView.setContent(invitation.html);
      await saveReadmePicture(mailView, 'join-proof-3-the-email');
      await mailView.close();
    }
    await page.goto(invitation.link!);
    await expect(page.getByLabel('Work email')).toHaveValue(email);
    await expect(page.getByLabel('Work email')).toHaveAttribute('readonly', '');
    await saveReadmePicture(page, 'join-proof-4-profile-form');
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill(lastName);
    await page.getByLabel('Work phone (optional)').fill('+44 20 7946 0999');
    await page.getByLabel('Job title').fill('Data Scientist');
    await page.getByLabel('Department').fill('Research');
    // The manager pick: typing a full name (the last name unfinished) fills the suggestions with the person's
    // name and department; a stranger never sees their work email or title. Picking one (the browser puts the
    // option's value into the field) sends their id in a hidden field.
    await page
      .getByLabel('Manager')
      .pressSequentially(`${admin.firstName} ${admin.lastName.slice(0, 8)}`, { delay: 30 });
    const label = `${admin.displayName} · ${admin.department}`;
    const suggestion = page.locator('#manager-suggestions option').first();
    await expect(suggestion).toHaveAttribute('value', label);
    const suggestions = await page.locator('#manager-suggestions').innerHTML();
    expect(suggestions).not.toContain(admin.workEmail);
    expect(suggestions).not.toContain(admin.jobTitle);
    await page.getByLabel('Manager').fill(label);
    await expect(page.locator('input[name="managerPick"]')).toHaveValue(admin.id);
    await page.getByLabel('Office (optional)').fill('Lisbon');
    await page.getByLabel('Start date (optional)').fill('2026-12-01');
    await page.getByLabel('Short bio (optional)').fill('Likes maps, models and long walks.');
    await page.getByLabel('Personal email (optional)').fill('ada.home@example.com');
    await page.getByLabel('Emergency contact name (optional)').fill('Byron Newcomer');
    await page.getByLabel('Emergency contact phone (optional)').fill('+44 7700 900999');
    await page.getByLabel('Photo').setInputFiles(photo);
    await answerFaceCheck(page);
    await expect(page.getByAltText('Preview of the chosen photo')).toBeVisible();
    await page.getByLabel('Password', { exact: true }).fill('maps and models by the sea');
    await page.getByRole('button', { name: 'Create my profile' }).click();

    await expect(page).toHaveURL(/\/me\?welcome=1$/, { timeout: 30_000 });
    await expect(page.getByTestId('pending-notice')).toContainText('waiting for HR');
    // A pending account sees its manager as it picked them, not their work email. (This manager is also an HR
    // admin, so the pending notice may list their email among the people to ask: that is on purpose.)
    await expect(page.getByRole('combobox', { name: 'Manager' })).toHaveValue(label);
    await expect(page.locator('section[aria-labelledby="manager-heading"]')).toContainText(admin.displayName);
    await expect(page.locator('section[aria-labelledby="manager-heading"]')).not.toContainText(admin.workEmail);

    // The photo goes through the real pipeline (S3 emulator event -> the photo function); the profile shows the rendition.
    await expect(async () => {
      await page.reload();
      await expect(page.locator('[data-photo-state="ready"]')).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    const avatar = page.locator('img.avatar--lg');
    await expect(avatar).toHaveAttribute('src', /\/photos\/.+\/256\.jpg$/);
    await expect
      .poll(() => avatar.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
      .toBeGreaterThan(0);
    await saveReadmePicture(page, 'me-pending');

    // The directory does not list a pending profile.
    await adminPage.goto(`/employees?q=${encodeURIComponent(lastName)}`);
    await expect(adminPage.getByText('Nobody matches that search.')).toBeVisible();

    // HR was notified (recorded locally in place of SNS).
    await expect(async () => {
      await adminPage.goto('/admin/notifications');
      await expect(
        adminPage
          .getByTestId('notification')
          .filter({ hasText: 'New employee profile waiting for HR' })
          .filter({ hasText: `Ada ${lastName}` }),
      ).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 20_000 });

    // HR activates it.
    await adminPage.goto('/admin');
    const card = adminPage.getByTestId('pending-employee').filter({ hasText: lastName });
    await expect(card).toBeVisible();
    await saveReadmePicture(adminPage, 'admin-pending');
    await card.getByRole('button', { name: `Activate Ada ${lastName}` }).click();
    await expect(adminPage.getByRole('status')).toContainText('Activated');
    // The search index hears of the activation through the event seam, a moment later.
    await waitForSearchIndexToCatchUp();

    // Search by name, title and email prefix, and the department filter, all find the new employee.
    for (const query of [lastName.slice(0, 8), 'data scien', email.slice(0, 10)]) {
      await page.goto(`/employees?q=${encodeURIComponent(query)}`);
      await expect(page.getByRole('link', { name: `Ada ${lastName}` })).toBeVisible();
    }
    // A new department joins the department facet as soon as someone active is in it.
    await expect(async () => {
      await page.goto('/employees');
      await expect(page.getByRole('group', { name: 'Department' }).getByLabel('Research')).toHaveCount(1, {
        timeout: 1000,
      });
    }).toPass({ timeout: 30_000 });
    await page.getByRole('group', { name: 'Department' }).getByLabel('Research').check();
    await expect(page).toHaveURL(/department=Research/);
    await expect(page.getByRole('link', { name: `Ada ${lastName}` })).toBeVisible();
    await expect(page.locator('.person')).toHaveCount(1);

    // Their public profile links the manager; the manager's profile lists them as a direct report.
    await page.getByRole('link', { name: `Ada ${lastName}` }).click();
    await expect(page.getByRole('heading', { name: `Ada ${lastName}` })).toBeVisible();
    await page.getByRole('link', { name: admin.displayName }).click();
    await expect(
      page.getByRole('region', { name: 'Direct reports' }).getByRole('link', { name: `Ada ${lastName}` }),
    ).toBeVisible();
  });
});

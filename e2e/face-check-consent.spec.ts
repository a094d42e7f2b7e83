/**
 * Consent to the face check as a joiner and HR meet it (docs/decisions/206-face-check-consent.md): the join form
 * explains the check and offers no; a joiner who says no still joins, their photo is not checked, and HR's
 * pending page says "no consent: check by eye"; the employee page shows the recorded answer, and /me shows it too.
 */
import { answerFaceCheck, deleteEmployeeByEmail, expect, openConfirmedJoinForm, test } from './fixtures';
import { writePortraitJpeg } from './images';
import { randomLetters } from './names';

test.describe('consent to the face check', () => {
  test.describe.configure({ timeout: 150_000 });

  test('a joiner says no: they join, and HR is told to check the photo by eye', async ({
    page,
    adminPage,
  }, testInfo) => {
    const lastName = `Decline${randomLetters(6)}`;
    const email = `dana.${lastName.toLowerCase()}@xyz.example`;
    const displayName = `Dana ${lastName}`;
    try {
      await openConfirmedJoinForm(page, email);
      const notice = page.getByRole('group', { name: 'Consent to the face check' });
      await expect(notice).toContainText('What we keep: a face reference');
      await expect(notice).toContainText('You may say no.');
      // Nothing is chosen for them.
      await expect(notice.getByRole('radio', { checked: true })).toHaveCount(0);
      await page.getByLabel('First name').fill('Dana');
      await page.getByLabel('Last name').fill(lastName);
      await page.getByLabel('Job title').fill('Analyst');
      await page.getByLabel('Department').fill('Finance');
      await page.getByLabel('Photo').setInputFiles(await writePortraitJpeg(testInfo.outputPath('portrait.jpg')));
      await answerFaceCheck(page, 'no');
      await page.getByLabel('Password', { exact: true }).fill('no face check for me please');
      await page.getByRole('button', { name: 'Create my profile' }).click();
      await expect(page).toHaveURL(/\/me\?welcome=1$/, { timeout: 30_000 });
      await expect(page.getByTestId('face-check-consent')).toContainText('You said no');

      const card = adminPage.getByTestId('pending-employee').filter({ hasText: displayName });
      await expect(async () => {
        await adminPage.goto('/admin');
        await expect(card.getByTestId('workflow-findings')).toHaveCount(1, { timeout: 500 });
      }).toPass({ timeout: 60_000, intervals: [250] });
      await expect(card.locator('[data-finding="photo"]')).toContainText(
        'Needs your review (no consent: check by eye)',
      );

      await card.getByRole('link', { name: displayName }).click();
      await expect(adminPage.getByTestId('face-check-consent-record')).toContainText('Declined when joining');
      await expect(adminPage.locator('[data-photo-review="no-consent"]')).toContainText('HR checks it by eye');
    } finally {
      await deleteEmployeeByEmail(email);
    }
  });
});

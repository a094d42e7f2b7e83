/**
 * Consent to the face check as a joiner and HR meet it (docs/decisions/206-face-check-consent.md): the join form
 * explains the check and offers no; a joiner who says no still joins, their photo is not checked, and HR's
 * pending page says "no consent: check by eye"; the employee page shows the recorded answer, and /me shows it too.
 * An employee who agreed withdraws on /me: the page confirms the deletion, and their next photo goes to HR.
 */
import type { Page } from '@playwright/test';
import { answerFaceCheck, deleteEmployeeByEmail, expect, openConfirmedJoinForm, test } from './fixtures';
import { writePortraitJpeg } from './images';
import { randomLetters } from './names';

/** Uploads on /me, answering the notice if told to, and returns the settled photo state. */
async function uploadOnMe(page: Page, file: string, answer: 'yes' | null) {
  await page.goto('/me');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Upload photo' }) });
  await form.getByLabel('New photo').setInputFiles(file);
  if (answer) await answerFaceCheck(form, answer);
  await form.getByRole('button', { name: 'Upload photo' }).click();
  await expect(page).toHaveURL(/photo=uploaded/);
  const state = page.locator('[data-photo-state]:not([data-photo-state="processing"])');
  await expect(state).toHaveCount(1, { timeout: 30_000 });
  return state;
}

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

  test('an employee who agreed withdraws on /me: told it is done, and their next photo goes to HR', async ({
    employeePage: page,
    employee,
    adminPage,
  }, testInfo) => {
    const first = await uploadOnMe(page, await writePortraitJpeg(testInfo.outputPath('first.jpg')), 'yes');
    await expect(first).toHaveText('The new photo is ready.');
    const card = page.getByTestId('face-check-consent');
    await expect(card).toContainText('You agreed to the face check');
    await card.getByRole('button', { name: 'Withdraw my consent and delete my face references' }).click();
    await expect(card.getByRole('status')).toHaveText(
      'Your consent is withdrawn and your stored face references are deleted. From now on HR checks your photos by eye.',
    );
    await expect(card).toContainText('You withdrew your consent');

    // Asked again with the next photo, nothing chosen; sent without an answer, it waits for HR.
    const second = await uploadOnMe(page, await writePortraitJpeg(testInfo.outputPath('second.jpg'), 200), null);
    await expect(second).toHaveAttribute('data-photo-state', 'held');
    await adminPage.goto(`/admin/employees/${employee.id}`);
    await expect(adminPage.getByTestId('face-check-consent-record')).toContainText('Withdrawn on their profile page');
    await expect(adminPage.locator('[data-photo-review="no-consent"]')).toBeVisible();
  });
});

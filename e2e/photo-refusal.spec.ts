/**
 * A new photo HR refuses, as the employee and HR meet it afterwards (real local face model): /me says why and asks
 * for another once, HR's activity log says the upload was refused and by whom, and the employee is emailed.
 */
import type { Page } from '@playwright/test';
import { answerFaceCheck, expect, test } from './fixtures';
import { writeOtherPersonJpeg, writePortraitJpeg } from './images';
import { waitForEmail } from './mailbox';
import { saveReadmePicture } from './readme-pictures';

async function uploadOnMe(page: Page, file: string) {
  // From a clean /me: after an earlier upload the URL already says photo=uploaded (see face-check.spec.ts).
  await page.goto('/me');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Upload photo' }) });
  await form.getByLabel('New photo').setInputFiles(file);
  await answerFaceCheck(form);
  await form.getByRole('button', { name: 'Upload photo' }).click();
  await expect(page).toHaveURL(/photo=uploaded/);
}

async function settledState(page: Page) {
  const state = page.locator('[data-photo-state]:not([data-photo-state="processing"])');
  await expect(state).toHaveCount(1, { timeout: 30_000 });
  return state;
}

test.describe('a photo HR refuses', () => {
  test.describe.configure({ timeout: 120_000 });

  test('the employee is asked once and emailed; the activity log says refused, by whom', async ({
    employeePage: page,
    employee,
    adminPage,
    admin,
  }, testInfo) => {
    await uploadOnMe(page, await writePortraitJpeg(testInfo.outputPath('me.jpg')));
    await expect(await settledState(page)).toHaveText('The new photo is ready.');
    await uploadOnMe(page, await writeOtherPersonJpeg(testInfo.outputPath('someone-else.jpg')));
    await expect(await settledState(page)).toHaveAttribute('data-photo-state', 'held');

    await adminPage.goto(`/admin/employees/${employee.id}`);
    await adminPage
      .locator('section[data-photo-review="needs-review"]')
      .getByRole('button', { name: 'Refuse it' })
      .click();
    await expect(adminPage.getByRole('status').filter({ hasText: 'Photo refused' })).toBeVisible();

    await page.goto('/me');
    const refused = page.locator('[data-photo-state="failed"]');
    await expect(refused).toHaveText(
      'The last photo could not be used: HR did not accept this photo. Please choose another one.',
    );
    await saveReadmePicture(refused, 'edges/2-refused-photo-asks-once');

    await adminPage.reload();
    const activity = adminPage.locator('section[aria-labelledby="activity-heading"]');
    await expect(activity.locator('tr').filter({ hasText: 'New photo refused by HR' })).toContainText(
      admin.displayName,
    );
    await expect(activity).not.toContainText('Photo replaced');
    await saveReadmePicture(activity.locator('table'), 'edges/6-activity-log-refused-upload');

    const email = await waitForEmail(employee.workEmail, 'HR did not accept your new photo');
    expect(email.text).toContain('HR looked at the new photo you uploaded and did not accept it');
    expect(email.text).toContain('Please add another one');
    // The email as the employee reads it, for the picture (a page of its own, nothing of the app around it).
    const mailView = await adminPage.context().newPage();
    await mailView.setViewportSize({ width: 640, height: 480 });
    await mailView.setContent(email.html);
    await saveReadmePicture(mailView, 'edges/7-refused-photo-email');
    await mailView.close();
  });
});

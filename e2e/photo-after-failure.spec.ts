/**
 * A refused photo's message is about that upload only (real local face model): once a later photo is on the
 * profile, /me no longer shows the old reason, neither right away nor after a password reset, which lands on /me
 * saying the password is set.
 */
import fs from 'node:fs';
import { cropJpeg, TURNED_AWAY } from '@test-support/face-samples';
import { answerFaceCheck, deleteEmployeeByEmail, expect, openConfirmedJoinForm, test } from './fixtures';
import { writePortraitJpeg } from './images';
import { waitForEmail } from './mailbox';
import { randomLetters } from './names';
import { saveReadmePicture } from './readme-pictures';

test('a photo turned away, then a good one, then a password reset: /me says only what is true now', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const lastName = `Turned${randomLetters(6)}`;
  const email = `tara.${lastName.toLowerCase()}@xyz.example`;
  const turned = testInfo.outputPath('turned.jpg');
  fs.writeFileSync(turned, await cropJpeg(TURNED_AWAY));
  try {
    await openConfirmedJoinForm(page, email);
    await page.getByLabel('First name').fill('Tara');
    await page.getByLabel('Last name').fill(lastName);
    await page.getByLabel('Job title').fill('Analyst');
    await page.getByLabel('Department').fill('Finance');
    await page.getByLabel('Photo').setInputFiles(turned);
    await answerFaceCheck(page);
    await page.getByLabel('Password', { exact: true }).fill('turned away from the camera');
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await expect(page).toHaveURL(/\/me\?welcome=1$/, { timeout: 30_000 });
    // The page follows the upload by itself and shows why it could not be used.
    await expect(page.locator('[data-photo-state="failed"]')).toContainText('Please face the camera.', {
      timeout: 60_000,
    });

    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Upload photo' }) });
    await form.getByLabel('New photo').setInputFiles(await writePortraitJpeg(testInfo.outputPath('portrait.jpg')));
    await answerFaceCheck(form);
    await form.getByRole('button', { name: 'Upload photo' }).click();
    await expect(page.locator('[data-photo-state="ready"]')).toHaveText('The new photo is ready.', {
      timeout: 60_000,
    });
    await page.goto('/me');
    await expect(page.locator('[data-photo-state]')).toHaveAttribute('data-photo-state', 'ready');
    await expect(page.getByText('Please face the camera')).toHaveCount(0);

    await page.context().clearCookies();
    await page.goto('/forgot-password');
    await page.getByLabel('Work email').fill(email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    const mail = await waitForEmail(email, 'Reset your XYZ People password');
    await page.goto(mail.link!);
    await page.getByLabel('New password').fill('a brand new river walk');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(page).toHaveURL(/\/me\?password=set$/);
    await expect(page.getByTestId('password-set')).toBeVisible();
    await expect(page.locator('[data-photo-state]')).toHaveAttribute('data-photo-state', 'ready');
    await expect(page.getByText('Please face the camera')).toHaveCount(0);
    await page.setViewportSize({ width: 800, height: 700 });
    await saveReadmePicture(page.locator('main'), 'edges/3-after-reset-no-old-photo-error');
  } finally {
    await deleteEmployeeByEmail(email);
  }
});

/**
 * The face check as people meet it, with the real local model in the e2e server (photos from the samples
 * shipped in @vladmandic/face-api): a photo with no face is refused with the reason and another can be
 * uploaded; a refused photo never reaches the directory; HR sees a suspicious replacement side by side.
 */
import type { Page } from '@playwright/test';
import { answerFaceCheck, deleteEmployeeByEmail, expect, openConfirmedJoinForm, test } from './fixtures';
import { writeGroupJpeg, writeNoFaceJpeg, writeOtherPersonJpeg, writePortraitJpeg } from './images';
import { randomLetters } from './names';

async function uploadOnMe(page: Page, file: string) {
  // From a clean /me: after an earlier upload the URL already says photo=uploaded, so the check below would
  // pass before this upload's page arrived, and the earlier photo's state would be read as this one's.
  await page.goto('/me');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Upload photo' }) });
  await form.getByLabel('New photo').setInputFiles(file);
  await answerFaceCheck(form);
  await form.getByRole('button', { name: 'Upload photo' }).click();
  await expect(page).toHaveURL(/photo=uploaded/);
}

/** The photo state on /me once processing is over (the page follows it by itself; a reload helps without JS). */
async function settledState(page: Page) {
  const state = page.locator('[data-photo-state]:not([data-photo-state="processing"])');
  await expect(state).toHaveCount(1, { timeout: 30_000 });
  return state;
}

test.describe('face check', () => {
  test.describe.configure({ timeout: 120_000 });

  test('joining with a photo with no face says so, and another photo can be uploaded', async ({ page }, testInfo) => {
    const lastName = `Faceless${randomLetters(6)}`;
    const email = `noor.${lastName.toLowerCase()}@xyz.example`;
    try {
      await openConfirmedJoinForm(page, email);
      await page.getByLabel('First name').fill('Noor');
      await page.getByLabel('Last name').fill(lastName);
      await page.getByLabel('Job title').fill('Designer');
      await page.getByLabel('Department').fill('Design');
      await page.getByLabel('Photo').setInputFiles(await writeNoFaceJpeg(testInfo.outputPath('no-face.jpg')));
      await answerFaceCheck(page);
      await page.getByLabel('Password', { exact: true }).fill('a face would help here');
      await page.getByRole('button', { name: 'Create my profile' }).click();
      await expect(page).toHaveURL(/\/me\?welcome=1$/, { timeout: 30_000 });

      await expect(async () => {
        await page.reload();
        await expect(page.locator('[data-photo-state="failed"]')).toHaveCount(1, { timeout: 1000 });
      }).toPass({ timeout: 30_000 });
      await expect(page.locator('[data-photo-state="failed"]')).toHaveText(
        'The last photo could not be used: We could not find a face in this photo. Please choose another one.',
      );
      await expect(page.locator('img.avatar--lg')).toHaveCount(0);

      await uploadOnMe(page, await writePortraitJpeg(testInfo.outputPath('portrait.jpg')));
      await expect(await settledState(page)).toHaveText('The new photo is ready.');
      await expect(page.locator('img.avatar--lg')).toHaveAttribute('src', /\/photos\/.+\/256\.jpg$/);
    } finally {
      await deleteEmployeeByEmail(email);
    }
  });

  test('the directory never shows a refused photo', async ({ employeePage: page, employee, adminPage }, testInfo) => {
    await page.goto('/me');
    await uploadOnMe(page, await writeGroupJpeg(testInfo.outputPath('group.jpg')));
    await expect(await settledState(page)).toHaveText(
      'The last photo could not be used: There are several people in this photo. Please choose another one.',
    );
    for (const viewer of [page, adminPage]) {
      await viewer.goto(`/employees?q=${encodeURIComponent(employee.lastName)}`);
      const card = viewer.locator('li.person').filter({ hasText: employee.displayName });
      await expect(card).toHaveCount(1);
      await expect(card.locator('img')).toHaveCount(0);
    }
  });

  test('HR sees a replacement that may be someone else beside the current photo, and decides', async ({
    employeePage: page,
    employee,
    adminPage,
  }, testInfo) => {
    await page.goto('/me');
    await uploadOnMe(page, await writePortraitJpeg(testInfo.outputPath('me.jpg')));
    await expect(await settledState(page)).toHaveText('The new photo is ready.');
    const verified = await page.locator('img.avatar--lg').getAttribute('src');

    await uploadOnMe(page, await writeOtherPersonJpeg(testInfo.outputPath('someone-else.jpg')));
    await expect(await settledState(page)).toHaveText(
      'The new photo is waiting for HR: it may not be the same person as in the current photo. ' +
        'Your current photo stays on your profile until then.',
    );
    await expect(page.locator('img.avatar--lg')).toHaveAttribute('src', verified!);

    await adminPage.goto('/admin');
    const held = adminPage.getByTestId('held-photos');
    await expect(held).toContainText(employee.displayName);
    await held.getByRole('link', { name: employee.displayName }).click();
    const review = adminPage.locator('section[data-photo-review="needs-review"]');
    await expect(review.getByRole('img', { name: 'The current photo' })).toBeVisible();
    await expect(review.getByRole('img', { name: 'The new photo waiting for review' })).toBeVisible();
    await expect(review).toContainText('Similarity to the current photo');
    for (const image of await review.getByRole('img').all()) {
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(256);
    }
    await review.getByRole('button', { name: 'Approve the new photo' }).click();
    await expect(adminPage.getByRole('status').filter({ hasText: 'Photo approved' })).toBeVisible();
    await expect(adminPage.locator('section[data-photo-review]')).toHaveCount(0);
    await expect(adminPage.locator('[data-face-check="approved"]')).toHaveText('Face check: approved by HR by hand.');

    await page.goto('/me');
    await expect(page.locator('img.avatar--lg')).not.toHaveAttribute('src', verified!);
  });
});

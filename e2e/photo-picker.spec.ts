/**
 * The photo picker's first look at a file, in the browser, before anything is sent: a file the hint rules out,
 * or one that does not decode, gets the field's message and no preview (no broken image, and no CSP report in
 * the console); a real photo gets its preview. What the server then says about a sent file: bad-input.spec.ts.
 */
import type { Page } from '@playwright/test';
import { expect, openConfirmedJoinForm, test } from './fixtures';
import { writeNoisePng, writePortraitJpeg } from './images';
import { randomLetters } from './names';

const UNREADABLE = 'This file is not a photo we can read. Use a JPEG, PNG, WebP, AVIF or GIF image.';

async function expectRefused(page: Page, message: string | RegExp) {
  const field = page.getByLabel('Photo', { exact: true });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-photo-error')).toHaveText(message);
  await expect(page.locator('.photo-picker img')).toHaveCount(0);
}

test.describe('choosing a photo on /join', () => {
  test.beforeEach(async ({ page }) => {
    // Nothing is sent: the link's address is never used.
    await openConfirmedJoinForm(page, `picker.${randomLetters(6)}@xyz.example`);
    await page.waitForLoadState('networkidle');
  });

  test('a text file: the message, no preview', async ({ page, consoleErrors }) => {
    await page
      .getByLabel('Photo')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expectRefused(page, UNREADABLE);
    expect(consoleErrors).toEqual([]);
  });

  test('a HEIC photo, which the server cannot read either: the message, no preview', async ({
    page,
    consoleErrors,
  }) => {
    await page
      .getByLabel('Photo')
      .setInputFiles({ name: 'IMG_0001.heic', mimeType: 'image/heic', buffer: Buffer.from('....ftypheic') });
    await expectRefused(page, UNREADABLE);
    expect(consoleErrors).toEqual([]);
  });

  test('a file that claims to be a PNG but does not decode: the message, no broken image, no CSP report', async ({
    page,
    consoleErrors,
  }) => {
    await page
      .getByLabel('Photo')
      .setInputFiles({ name: 'holiday.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
    await expectRefused(page, UNREADABLE);
    // Chromium reports a CSP violation for an undecodable blob: image a moment after the attempt.
    await page.waitForTimeout(500);
    expect(consoleErrors).toEqual([]);
  });

  test('a photo over the limit the hint states: both sizes, no preview', async ({ page, consoleErrors }, testInfo) => {
    await page.getByLabel('Photo').setInputFiles(await writeNoisePng(testInfo.outputPath('huge.png'), 3));
    await expectRefused(page, /^This photo is 3(\.\d)? MB; the limit is 2 MB\. Choose a smaller one\.$/);
    expect(consoleErrors).toEqual([]);
  });

  test('a real photo is previewed in the circle; choosing a bad file after it takes the preview away', async ({
    page,
    consoleErrors,
  }, testInfo) => {
    await page.getByLabel('Photo').setInputFiles(await writePortraitJpeg(testInfo.outputPath('portrait.jpg')));
    const preview = page.getByAltText('Preview of the chosen photo');
    await expect(preview).toBeVisible();
    await expect
      .poll(() => preview.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
      .toBeGreaterThan(0);
    await expect(page.getByLabel('Photo', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#field-photo-error')).toHaveCount(0);

    await page
      .getByLabel('Photo')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await expectRefused(page, UNREADABLE);

    await page.getByLabel('Photo').setInputFiles(await writePortraitJpeg(testInfo.outputPath('again.jpg'), 40));
    await expect(preview).toBeVisible();
    await expect(page.locator('#field-photo-error')).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });
});

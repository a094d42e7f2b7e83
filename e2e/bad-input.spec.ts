import type { Page } from '@playwright/test';
import { countEmployeesWithEmail, expect, openConfirmedJoinForm, test } from './fixtures';
import { writeNoisePng, writePixelBombPng, writePortraitJpeg, writeTextAsJpg } from './images';
import { randomLetters } from './names';

async function fillJoinForm(page: Page, overrides: { firstName?: string; photo?: string } = {}) {
  const lastName = `Careful${randomLetters(5)}`;
  const email = `${lastName.toLowerCase()}@xyz.example`;
  await openConfirmedJoinForm(page, email);
  await page.getByLabel('First name').fill(overrides.firstName ?? 'Bea');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Job title').fill('Analyst');
  await page.getByLabel('Department').fill('Finance');
  await page.getByLabel('Password', { exact: true }).fill('a calm and careful choice');
  if (overrides.photo) await page.getByLabel('Photo').setInputFiles(overrides.photo);
  return email;
}

/** The error is next to its field: the field is marked invalid and described by the message. */
async function expectFieldError(page: Page, label: string, message: RegExp) {
  const field = page.getByLabel(label, { exact: true });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
  expect(errorId).toBeTruthy();
  await expect(page.locator(`[id="${errorId}"]`)).toHaveText(message);
}

test.describe('bad input on /join gets a clear message by its field, and nothing is stored', () => {
  test('an email outside the allowed domains, at the first step', async ({ page }) => {
    const email = `someone.${randomLetters(5)}@gmail.com`;
    await page.goto('/join');
    await page.getByLabel('Work email').fill(email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expectFieldError(page, 'Work email', /Use your company email \(@xyz\.example\)/);
    expect(await countEmployeesWithEmail(email)).toBe(0);
  });

  test('a photo over the size cap', async ({ page }, testInfo) => {
    const photo = await writeNoisePng(testInfo.outputPath('huge.png'), 3);
    const email = await fillJoinForm(page, { photo });
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await expectFieldError(page, 'Photo', /This photo is 3(\.\d)? MB; the limit is 2 MB/);
    expect(await countEmployeesWithEmail(email)).toBe(0);
  });

  test('a text file named .jpg', async ({ page }, testInfo) => {
    const email = await fillJoinForm(page, { photo: writeTextAsJpg(testInfo.outputPath('not-a-photo.jpg')) });
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await expectFieldError(page, 'Photo', /not a photo we can read/);
    expect(await countEmployeesWithEmail(email)).toBe(0);
  });

  test('a pixel bomb', async ({ page }, testInfo) => {
    const email = await fillJoinForm(page, { photo: writePixelBombPng(testInfo.outputPath('bomb.png')) });
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await expectFieldError(page, 'Photo', /40000 × 40000 pixels, more than we accept/);
    expect(await countEmployeesWithEmail(email)).toBe(0);
  });

  test('a script tag in a name', async ({ page }) => {
    let dialogs = 0;
    page.on('dialog', async (dialog) => {
      dialogs += 1;
      await dialog.dismiss();
    });
    const email = await fillJoinForm(page, { firstName: '<script>alert(1)</script>' });
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await expectFieldError(page, 'First name', /First name may contain letters/);
    // What was typed is given back as text in the field, never run.
    await expect(page.getByLabel('First name')).toHaveValue('<script>alert(1)</script>');
    expect(dialogs).toBe(0);
    expect(await countEmployeesWithEmail(email)).toBe(0);
  });

  test('without JavaScript the form still works and shows the same messages', async ({ browser }, testInfo) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/join');
    await page.getByLabel('Work email').fill(`plain.${randomLetters(5)}@elsewhere.example`);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expectFieldError(page, 'Work email', /Use your company email/);

    const email = await fillJoinForm(page, { photo: writeTextAsJpg(testInfo.outputPath('text.jpg')) });
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await expectFieldError(page, 'Photo', /not a photo we can read/);
    expect(await countEmployeesWithEmail(email)).toBe(0);

    // And a correct submission goes through without JavaScript, photo included.
    const good = await fillJoinForm(page, { photo: await writePortraitJpeg(testInfo.outputPath('ok.jpg')) });
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await expect(page).toHaveURL(/\/me\?welcome=1$/);
    expect(await countEmployeesWithEmail(good)).toBe(1);
    const { deleteEmployeeByEmail } = await import('./fixtures');
    await deleteEmployeeByEmail(good);
    await context.close();
  });
});

/**
 * Signing in through the company's identity provider in Chromium (decision 310): the quick start's stand-in
 * provider (XYZ SSO (local), oidc-provider on the port after the app's) with its own login page. An existing
 * employee is linked and signed in, then signed out of both; a new colleague lands on the prefilled onboarding,
 * with /join's photo picker; a partner from another domain is refused at an address without the provider's code.
 */
import type { Page } from '@playwright/test';
import { answerFaceCheck, deleteEmployeeByEmail, expect, test } from './fixtures';
import { writePortraitJpeg } from './images';
import { saveReadmePicture } from './readme-pictures';

const LOCAL_IDP_PASSWORD = 'local-sso-demo-2026';
/** One of the stand-in's own accounts that the app does not know (app/local/local-idp-accounts.server.ts). */
const NEWCOMER_EMAIL = 'nova.starter@xyz.example';
/** The stand-in's account from a domain the app does not allow. */
const PARTNER_EMAIL = 'pat@partner.example';

/** From the app's sign-in page through the stand-in's, as the person. */
async function signInAtLocalIdp(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Sign in with XYZ SSO (local)' }).click();
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill(LOCAL_IDP_PASSWORD);
  await page.getByRole('button', { name: 'Sign in and continue' }).click();
}

test.describe('sign-in through the identity provider', () => {
  test.afterAll(async () => deleteEmployeeByEmail(NEWCOMER_EMAIL));

  test('the sign-in page offers the provider beside the password form', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('link', { name: 'Sign in with XYZ SSO (local)' })).toBeVisible();
    await expect(page.getByLabel('Password')).toBeVisible();
    await saveReadmePicture(page, 'sign-in-with-sso');
  });

  test('an employee signs in at the provider, is linked, and signs out of both', async ({ page, makeEmployee }) => {
    const employee = await makeEmployee({ firstName: 'Sigrid' });
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with XYZ SSO (local)' }).click();

    await expect(page.getByRole('heading', { name: 'Sign in to continue to XYZ People' })).toBeVisible();
    await page.getByLabel('Work email').fill(employee.workEmail);
    await page.getByLabel('Password').fill(LOCAL_IDP_PASSWORD);
    await page.getByRole('button', { name: 'Sign in and continue' }).click();

    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByText(employee.workEmail).first()).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign out of XYZ SSO too?' })).toBeVisible();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page).toHaveURL(/\/login$/);

    // Signed out here: the profile asks for a sign-in again.
    await page.goto('/me');
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fme/);
  });

  test("a new colleague gets the onboarding form with the names the provider gave, and /join's photo picker", async ({
    page,
  }, testInfo) => {
    test.setTimeout(90_000);
    const photo = await writePortraitJpeg(testInfo.outputPath('portrait.jpg'));
    await signInAtLocalIdp(page, NEWCOMER_EMAIL);

    await expect(page).toHaveURL(/\/auth\/oidc\/onboarding$/);
    await expect(page.getByLabel('First name')).toHaveValue('Nova');
    await expect(page.getByLabel('Last name')).toHaveValue('Starter');
    await expect(page.getByLabel('Work email')).toHaveValue(NEWCOMER_EMAIL);
    await expect(page.getByLabel('Work email')).toHaveAttribute('readonly', '');
    await page.getByLabel('Job title').fill('Analyst');
    // A mistake elsewhere on the form (no department): the chosen photo stays chosen (the form is sent by script).
    await expect(page.getByLabel('Photo')).toBeVisible();
    await page.getByLabel('Photo').setInputFiles(photo);
    await answerFaceCheck(page);
    await expect(page.getByAltText('Preview of the chosen photo')).toBeVisible();
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await expect(page.getByLabel('Department')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByAltText('Preview of the chosen photo')).toBeVisible();
    await page.getByLabel('Department').fill('Finance');
    await saveReadmePicture(page, 'edges/5-onboarding-photo');
    await page.getByRole('button', { name: 'Create my profile' }).click();

    await expect(page).toHaveURL(/\/me\?welcome=1$/, { timeout: 30_000 });
    await expect(page.getByText(NEWCOMER_EMAIL).first()).toBeVisible();
    // The photo came with the profile: it goes through the pipeline, with no second upload on /me.
    await expect(async () => {
      await page.reload();
      await expect(page.locator('[data-photo-state="ready"]')).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.locator('img.avatar--lg')).toHaveAttribute('src', /\/photos\/.+\/256\.jpg$/);
    await expect(page.getByRole('heading', { name: 'Replace my photo' })).toBeVisible();
  });

  test("an account from another domain is refused at an address without the provider's code", async ({ page }) => {
    await signInAtLocalIdp(page, PARTNER_EMAIL);

    await expect(page.getByTestId('oidc-refusal')).toContainText('not an XYZ work email');
    const address = new URL(page.url());
    expect(address.pathname).toBe('/auth/oidc/refused');
    expect(address.search).toBe('');
    await page.reload();
    await expect(page.getByTestId('oidc-refusal')).toContainText('not an XYZ work email');
    await saveReadmePicture(page, 'edges/8-sso-refused-clean-address');
    // Nor does the history hold the code: one step back is the provider's own page, not the callback.
    await page.goBack();
    expect(page.url()).not.toMatch(/\/callback|code=/);
  });

  test("the provider's pages have an icon: no 404 behind its sign-in page", async ({ page }) => {
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with XYZ SSO (local)' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to continue to XYZ People' })).toBeVisible();
    const iconLink = page.locator('link[rel="icon"]');
    await expect(iconLink).toHaveCount(1);
    const icon = new URL((await iconLink.getAttribute('href'))!, page.url());
    // Where the page points, and where a browser looks when a page names none.
    for (const address of [icon, new URL('/favicon.ico', page.url())]) {
      const answer = await page.request.get(address.href);
      expect(answer.status(), address.href).toBe(200);
      expect(answer.headers()['content-type']).toBe('image/svg+xml');
    }
    await page.waitForLoadState('networkidle');
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]);
    // A headless screenshot has no tab strip: the picture is the icon as the provider serves it.
    await page.setViewportSize({ width: 128, height: 128 });
    await page.goto(icon.href);
    await saveReadmePicture(page.locator('svg'), 'edges/9-local-idp-favicon');
  });
});

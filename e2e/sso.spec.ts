/**
 * Signing in through the company's identity provider in Chromium (decision 310): the quick start's stand-in
 * provider (XYZ SSO (local), oidc-provider on the port after the app's) with its own login page. An existing
 * employee is linked and signed in, then signed out of both; a new colleague lands on the prefilled onboarding.
 */
import { deleteEmployeeByEmail, expect, test } from './fixtures';
import { saveReadmePicture } from './readme-pictures';

const LOCAL_IDP_PASSWORD = 'local-sso-demo-2026';
/** One of the stand-in's own accounts that the app does not know (app/local/local-idp-accounts.server.ts). */
const NEWCOMER_EMAIL = 'nova.starter@xyz.example';

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

  test('a new colleague gets the onboarding form with the names the provider gave', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with XYZ SSO (local)' }).click();
    await page.getByLabel('Work email').fill(NEWCOMER_EMAIL);
    await page.getByLabel('Password').fill(LOCAL_IDP_PASSWORD);
    await page.getByRole('button', { name: 'Sign in and continue' }).click();

    await expect(page).toHaveURL(/\/auth\/oidc\/onboarding$/);
    await expect(page.getByLabel('First name')).toHaveValue('Nova');
    await expect(page.getByLabel('Last name')).toHaveValue('Starter');
    await expect(page.getByLabel('Work email')).toHaveValue(NEWCOMER_EMAIL);
    await expect(page.getByLabel('Work email')).toHaveAttribute('readonly', '');
    await page.getByLabel('Job title').fill('Analyst');
    await page.getByLabel('Department').fill('Finance');
    await page.getByRole('button', { name: 'Create my profile' }).click();

    await expect(page).toHaveURL(/\/me\?welcome=1$/);
    await expect(page.getByText(NEWCOMER_EMAIL).first()).toBeVisible();
  });
});

/**
 * HR connects an identity provider (docs/decisions/330-scim-tokens.md): from the admin menu, a token for a new
 * connection, shown once with the base URL and copied with the button; the provider's request with it is
 * answered; revoked after a confirmation, the same request is refused. With README_PICTURES=1 the page with a new
 * token is saved to docs/screenshots/scim/.
 */
import { expect, seriousA11yViolations, test } from './fixtures';
import { saveReadmePicture } from './readme-pictures';

test('HR creates a SCIM token, copies it, sees it work, and revokes it after a confirmation', async ({
  adminPage: page,
}) => {
  await page.goto('/admin');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.getByRole('navigation', { name: 'HR admin' }).getByRole('link', { name: 'Provisioning (SCIM)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Provisioning (SCIM)' })).toBeVisible();

  const name = `Entra ID e2e ${Date.now()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Expires after').selectOption('90');
  await page.getByRole('button', { name: 'Create a token' }).click();
  const shown = page.getByTestId('new-token');
  await expect(shown.getByRole('heading', { name: `Token for “${name}”` })).toBeVisible();
  const token = await shown.getByLabel('Secret token').inputValue();
  expect(token).toMatch(/^scim_/);
  await expect(shown.getByLabel('Tenant URL (base URL)')).toHaveValue(/\/scim\/v2$/);
  await shown.getByRole('button', { name: 'Copy the token' }).click();
  await expect(shown.getByText('Copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await saveReadmePicture(page, 'scim/admin-scim-new-token');
  expect(await seriousA11yViolations(page)).toEqual([]);

  const asProvider = () =>
    page.request.get('/scim/v2/ServiceProviderConfig', { headers: { Authorization: `Bearer ${token}` } });
  expect((await asProvider()).status()).toBe(200);

  // Shown once: the page loaded again lists the connection, never the token.
  await page.goto('/admin/scim');
  await expect(page.getByTestId('scim-tokens').getByRole('cell', { name, exact: true })).toBeVisible();
  expect(await page.content()).not.toContain(token);

  await page.getByRole('link', { name: `Revoke ${name}` }).click();
  await expect(page.getByRole('heading', { name: `Revoke “${name}”?` })).toBeVisible();
  await page.getByRole('button', { name: 'Revoke the token' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is revoked' })).toBeVisible();
  expect((await asProvider()).status()).toBe(401);
  await expect(page.getByTestId('scim-token-history')).toContainText(`revoked the token “${name}”`);
});

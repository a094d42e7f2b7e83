/**
 * The password card on /me fits the account (docs/decisions/319-set-a-password-by-email.md): an employee who signs
 * in only through the identity provider is not asked for a current password they never had; they may ask for a
 * one-time link to set one, and choosing it there lands on /me saying so.
 */
import { e2eDatabase, expect, signIn, test } from './fixtures';
import { waitForEmail } from './mailbox';
import { saveReadmePicture } from './readme-pictures';

test('an employee without a password is offered a link to set one, and the link sets it', async ({
  page,
  context,
  makeEmployee,
}) => {
  const employee = await makeEmployee({ firstName: 'Sol' });
  // As after the identity provider's onboarding: a profile with no password.
  await e2eDatabase().sequelize.query('DELETE FROM credentials WHERE employee_id = :id', {
    replacements: { id: employee.id },
  });
  await signIn(context, employee);
  await page.goto('/me');
  await expect(page.getByLabel('Current password')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Change my password' })).toHaveCount(0);
  const card = page.getByTestId('set-password');
  await expect(card.getByRole('heading', { name: 'Set a password' })).toBeVisible();
  await saveReadmePicture(card, 'edges/4-set-a-password');

  await card.getByRole('button', { name: 'Email me a link to set a password' }).click();
  await expect(card.getByRole('status')).toContainText(`on its way to ${employee.workEmail}`);
  const email = await waitForEmail(employee.workEmail, 'Reset your XYZ People password');
  await page.goto(email.link!);
  await page.getByLabel('New password').fill('a password of my own now');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(page).toHaveURL(/\/me\?password=set$/);
  await expect(page.getByTestId('password-set')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Change my password' })).toBeVisible();
  await expect(page.getByTestId('set-password')).toHaveCount(0);
});

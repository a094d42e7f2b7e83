import fs from 'node:fs';
import { QueryTypes } from 'sequelize';
import { deleteEmployeeByEmail, e2eDatabase, expect, test, waitForSearchIndexToCatchUp } from './fixtures';
import { randomLetters } from './names';
import { writePortraitJpeg } from './images';
import { E2E_BASE_URL } from './e2e-env';
import { waitForEmail } from './mailbox';

test('rejecting a pending profile sends the reason back to the employee', async ({ adminPage: page, makeEmployee }) => {
  const pending = await makeEmployee({ status: 'pending', firstName: 'Rita' });
  await page.goto('/admin');
  const card = page.getByTestId('pending-employee').filter({ hasText: pending.lastName });
  await card.getByText('Reject with a reason').click();
  // The reason is required (by the browser, and by the server for a hand-made POST).
  await expect(card.getByLabel('Reason (sent to the employee)')).toHaveAttribute('required', '');
  const bare = await page.request.post('/admin?index', {
    form: { intent: 'reject', employeeId: pending.id, reason: '' },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(bare.status()).toBe(200);
  expect(await bare.text()).toContain('Give the employee a reason');
  await card.getByLabel('Reason (sent to the employee)').fill('Please use a photo of your face, not a logo.');
  await card.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByRole('status')).toContainText('Rejected');
  // The employee reads it in their inbox (locally, the .eml file the mailer wrote), not through HR.
  const email = await waitForEmail(pending.workEmail, 'Your employee profile needs changes');
  expect(email.text).toContain('HR could not activate your profile: Please use a photo of your face, not a logo.');
});

test('an email to an employee shows at once on the notifications page, queued until sent, with no reload', async ({
  adminPage: page,
  makeEmployee,
}) => {
  const pending = await makeEmployee({ status: 'pending', firstName: 'Quentin' });
  await page.goto(`/admin/employees/${pending.id}`);
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Activated' })).toBeVisible();

  await page.goto('/admin/notifications');
  await page.evaluate(() => {
    (window as unknown as { samePage: boolean }).samePage = true;
  });
  const email = page.getByTestId('personal-email').filter({ hasText: pending.workEmail });
  // Right away, with no reload: subject, recipient and state (queued, sending, or already sent).
  await expect(email).toHaveCount(1, { timeout: 2_000 });
  await expect(email.getByRole('heading')).toContainText('Your employee profile is active');
  await expect(email).toContainText(`To ${pending.workEmail}`);
  // Its content stays with the employee: no text, no link.
  await expect(email.getByRole('link')).toHaveCount(0);
  await expect(email).not.toContainText('HR has activated your profile');
  // The page follows it until it is sent.
  await expect(email).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  await expect(page.getByText('Local mode')).toHaveCount(0);
  await expect(page.getByText(/\bSNS\b/)).toHaveCount(0);
  // And the employee has it.
  const received = await waitForEmail(pending.workEmail, 'Your employee profile is active');
  expect(received.text).toContain('HR has activated your profile. It now appears in the company directory.');
});

test('the pending list shows a new photo once it is processed, with no reload', async ({
  adminPage: page,
  makeEmployee,
  browser,
}, testInfo) => {
  const pending = await makeEmployee({ status: 'pending', firstName: 'Petra' });
  const theirs = await browser.newContext();
  const { signIn } = await import('./fixtures');
  await signIn(theirs, pending);
  // A portrait: with the face check, its processing takes long enough to be seen on the list.
  const file = await writePortraitJpeg(testInfo.outputPath('petra.jpg'));
  const upload = await theirs.request.post('/api/me/photo', {
    multipart: {
      intent: 'photo',
      // Agreed to the face check (docs/decisions/206-face-check-consent.md): the photo is checked and shown.
      faceCheckConsent: 'given',
      photo: { name: 'petra.jpg', mimeType: 'image/jpeg', buffer: fs.readFileSync(file) },
    },
    headers: { Origin: new URL(E2E_BASE_URL).origin },
  });
  expect(upload.status()).toBe(200);
  await page.goto('/admin');
  await theirs.close();
  await page.evaluate(() => {
    (window as unknown as { samePage: boolean }).samePage = true;
  });
  const card = page.getByTestId('pending-employee').filter({ hasText: pending.lastName });
  const processing = card.locator('[data-photo-state="processing"]');
  // The function often finishes before the list is drawn ("being processed" is then never shown); when it
  // has not, the list follows it by itself: either way the photo must arrive without a reload.
  await expect(card.locator('img.avatar')).toHaveAttribute('src', new RegExp(`^/photos/${pending.id}/`), {
    timeout: 30_000,
  });
  await expect(processing).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
});

test('deactivate, reactivate, change the role, edit, and read the activity log', async ({
  adminPage: page,
  makeEmployee,
  browser,
}) => {
  const person = await makeEmployee({ firstName: 'Otto' });
  // Deactivation signs the employee out everywhere.
  const theirs = await browser.newContext();
  const { signIn } = await import('./fixtures');
  await signIn(theirs, person);
  const theirPage = await theirs.newPage();
  await theirPage.goto('/me');
  await expect(theirPage).toHaveURL(/\/me$/);

  await page.goto(`/admin/employees/${person.id}`);
  // One click only asks, and says what will happen; Cancel leaves the employee as they were.
  await page.getByRole('button', { name: 'Deactivate…' }).click();
  const confirmation = page.getByTestId('deactivate-confirmation');
  await expect(confirmation.getByRole('heading')).toHaveText(`Deactivate ${person.firstName} ${person.lastName}?`);
  await expect(confirmation).toContainText('is signed out everywhere at once and can no longer sign in');
  await expect(confirmation).toContainText('The profile leaves the directory');
  await expect(confirmation).toContainText('An HR admin can reactivate the account here at any time');
  await confirmation.getByRole('link', { name: 'Cancel' }).click();
  await expect(confirmation).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Deactivate…' })).toBeVisible();
  expect(await statusOf(person.id)).toBe('active');
  await theirPage.goto('/me');
  await expect(theirPage).toHaveURL(/\/me$/);

  // A hand-made POST without the confirmation step changes nothing either.
  const bare = await page.request.post(`/admin/employees/${person.id}`, {
    form: { intent: 'deactivate' },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(await bare.text()).toContain('Confirm the deactivation first.');
  expect(await statusOf(person.id)).toBe('active');

  await page.getByRole('button', { name: 'Deactivate…' }).click();
  await confirmation.getByLabel('Reason (optional, for the record', { exact: false }).fill('Left the company');
  await confirmation.getByRole('button', { name: `Deactivate ${person.firstName} ${person.lastName}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deactivated' })).toBeVisible();
  expect(await statusOf(person.id)).toBe('inactive');
  await theirPage.goto('/me');
  await expect(theirPage).toHaveURL(/\/login/);
  await theirs.close();

  await page.getByRole('button', { name: 'Reactivate' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Reactivated' })).toBeVisible();

  await page.getByLabel('Role', { exact: true }).selectOption('admin');
  await page.getByRole('button', { name: 'Change role' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Now an HR admin' })).toBeVisible();

  const edit = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save profile' }) });
  await edit.getByLabel('Job title').fill('Head of Testing');
  await edit.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();

  const log = page.getByRole('region', { name: 'Activity' });
  for (const action of ['Deactivated', 'Reactivated', 'Role changed', 'Profile updated']) {
    await expect(log.getByRole('cell', { name: action, exact: true })).toBeVisible();
  }
  await expect(log.getByText('Fields: jobTitle')).toBeVisible();
  const [row] = await e2eDatabase().sequelize.query<{ role: string; status: string; job_title: string }>(
    'SELECT role, status, job_title FROM employees WHERE id = :id',
    { replacements: { id: person.id }, type: QueryTypes.SELECT },
  );
  expect(row).toEqual({ role: 'admin', status: 'active', job_title: 'Head of Testing' });
});

test('deactivating asks first without JavaScript too', async ({ browser, admin, makeEmployee }) => {
  const person = await makeEmployee({ firstName: 'Nora' });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { signIn } = await import('./fixtures');
  await signIn(context, admin);
  const page = await context.newPage();
  await page.goto(`/admin/employees/${person.id}`);
  await page.getByRole('button', { name: 'Deactivate…' }).click();
  await expect(page).toHaveURL(/\?confirm=deactivate$/);
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByTestId('deactivate-confirmation')).toHaveCount(0);
  expect(await statusOf(person.id)).toBe('active');

  await page.getByRole('button', { name: 'Deactivate…' }).click();
  await page.getByRole('button', { name: `Deactivate ${person.firstName} ${person.lastName}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deactivated and signed out everywhere' })).toBeVisible();
  expect(await statusOf(person.id)).toBe('inactive');
  await context.close();
});

async function statusOf(id: string): Promise<string | undefined> {
  const [row] = await e2eDatabase().sequelize.query<{ status: string }>('SELECT status FROM employees WHERE id = :id', {
    replacements: { id },
    type: QueryTypes.SELECT,
  });
  return row?.status;
}

test('exports the directory as CSV', async ({ adminPage: page, makeEmployee }) => {
  const person = await makeEmployee({ firstName: 'Xavier' });
  const response = await page.request.get('/admin/export.csv');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/csv');
  expect(response.headers()['content-disposition']).toMatch(
    /attachment; filename="xyz-directory-\d{4}-\d{2}-\d{2}\.csv"/,
  );
  const text = await response.text();
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toBe(
    'employeeNumber,firstName,lastName,preferredName,workEmail,workPhone,jobTitle,department,managerEmail,officeLocation,startDate',
  );
  expect(text).toContain(person.workEmail);
  expect(text).not.toContain(person.personalEmail!);
  const [{ n }] = await e2eDatabase().sequelize.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM employees WHERE status = 'active'",
    {
      type: QueryTypes.SELECT,
    },
  );
  expect(lines.length - 1).toBe(Number(n));
});

test.describe('CSV import', () => {
  const tag = randomLetters(6);
  const emails = [`imp.one.${tag}@xyz.example`, `imp.two.${tag}@xyz.example`, `imp.three.${tag}@xyz.example`];
  test.afterAll(async () => {
    for (const email of emails) await deleteEmployeeByEmail(email);
  });

  test('reports every bad row and imports nothing; a clean file imports every row', async ({
    adminPage: page,
    admin,
  }) => {
    const header = 'firstName,lastName,workEmail,jobTitle,department,managerEmail,startDate';
    const bad = [
      header,
      `Iona,Import${tag},${emails[0]},Analyst,Finance,${admin.workEmail},2026-02-01`,
      `<script>,Import${tag},${emails[1]},Analyst,Finance,,2026-02-01`,
      `Ivo,Import${tag},ivo@gmail.com,Analyst,Finance,,not-a-date`,
      `Ines,Import${tag},${emails[0]},Analyst,Finance,nobody@xyz.example,`,
    ].join('\n');
    await page.goto('/admin/import');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Import' }).click();
    const report = page.getByTestId('import-result');
    await expect(report).toContainText('Nothing was imported: 3 of 4 rows need fixing.');
    const rows = report.getByTestId('import-row-error');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('firstName: First name may contain letters');
    await expect(rows.nth(1)).toContainText('workEmail: must end in @xyz.example');
    await expect(rows.nth(1)).toContainText('startDate');
    await expect(rows.nth(2)).toContainText('workEmail: appears twice in this file');
    await expect(rows.nth(2)).toContainText('managerEmail: no active employee has this email');
    for (const email of emails) {
      const [{ n }] = await e2eDatabase().sequelize.query<{ n: number }>(
        'SELECT COUNT(*) AS n FROM employees WHERE work_email_normalized = :email',
        {
          replacements: { email },
          type: QueryTypes.SELECT,
        },
      );
      expect(Number(n)).toBe(0);
    }

    // A manager may be another row of the same file, even a later one.
    const good = [
      header,
      `Iona,Import${tag},${emails[0]},Analyst,Finance,${emails[2]},2026-02-01`,
      `"Ian-Luc",Import${tag},${emails[1]},"Analyst, Senior",Finance,${admin.workEmail},`,
      `Irene,Import${tag},${emails[2]},Finance Manager,Finance,,`,
    ].join('\r\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByTestId('import-result')).toHaveText('Imported 3 employees.');
    await waitForSearchIndexToCatchUp();
    await page.goto(`/employees?q=import${tag}`);
    await expect(page.locator('.person')).toHaveCount(3);
  });
});

/**
 * What a browser shows each person: private fields in the page and its data, the pages' own refusals, a form from
 * another site. Who gets which status or redirect from every route's loader and action, for every kind of visitor,
 * is the authorisation matrix (test-support/http/authorization-matrix.ts, run by the vitest suite): a new route
 * gets its row there, not a test here.
 */
import { QueryTypes } from 'sequelize';
import { E2E_BASE_URL } from './e2e-env';
import { e2eDatabase, expect, test } from './fixtures';

async function storedJobTitle(id: string) {
  const [row] = await e2eDatabase().sequelize.query<{ job_title: string; status: string }>(
    'SELECT job_title, status FROM employees WHERE id = :id',
    { replacements: { id }, type: QueryTypes.SELECT },
  );
  return row;
}

const sameOrigin = { Origin: E2E_BASE_URL };

test.describe('employee A and employee B', () => {
  test("A sees B's public profile but none of B's private fields, in the page or its data", async ({
    employeePage: page,
    makeEmployee,
  }) => {
    const b = await makeEmployee({ personalEmail: 'b.private.home@example.com' });
    await page.goto(`/employees/${b.id}`);
    await expect(page.getByRole('heading', { name: b.displayName })).toBeVisible();
    await expect(page.getByTestId('private-fields')).toHaveCount(0);
    const html = await page.content();
    for (const secret of [b.personalEmail!, b.personalPhone!, b.emergencyContactName!, b.emergencyContactPhone!]) {
      expect(html).not.toContain(secret);
    }
    // The single-fetch data endpoint that client-side navigation uses says no more than the page.
    const data = await page.request.get(`/employees/${b.id}.data`);
    expect(data.status()).toBe(200);
    const body = await data.text();
    expect(body).toContain(b.workEmail);
    for (const secret of [b.personalEmail!, b.personalPhone!, b.emergencyContactName!])
      expect(body).not.toContain(secret);
  });

  test('A sees their own private fields', async ({ employeePage: page, employee }) => {
    await page.goto(`/employees/${employee.id}`);
    await expect(page.getByTestId('private-fields')).toContainText(employee.personalEmail!);
  });

  test("A cannot change B's profile with a hand-made POST", async ({ employeePage: page, employee, makeEmployee }) => {
    const b = await makeEmployee();
    const form = {
      intent: 'profile',
      employeeId: b.id,
      firstName: 'Mallory',
      lastName: 'Hacker',
      workEmail: b.workEmail,
      jobTitle: 'Pwned',
      department: 'Nowhere',
    };
    // The HR edit page refuses a non-admin outright.
    const asAdmin = await page.request.post(`/admin/employees/${b.id}`, { form, headers: sameOrigin, maxRedirects: 0 });
    expect(asAdmin.status()).toBe(403);
    // /me ignores any id in the form: it only ever edits the signed-in employee.
    const asSelf = await page.request.post('/me', { form, headers: sameOrigin, maxRedirects: 0 });
    expect(asSelf.status()).toBeLessThan(400);
    expect((await storedJobTitle(b.id)).job_title).toBe(b.jobTitle);
    expect((await storedJobTitle(employee.id)).job_title).toBe('Pwned');
  });

  test('A cannot perform an admin action, through the pages or by hand', async ({
    employeePage: page,
    makeEmployee,
  }) => {
    const pending = await makeEmployee({ status: 'pending' });
    const response = await page.goto('/admin');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'You do not have access to this' })).toBeVisible();
    for (const path of ['/admin?index', `/admin/employees/${pending.id}`]) {
      const forms: Array<Record<string, string>> = [
        { intent: 'activate', employeeId: pending.id },
        { intent: 'role', employeeId: pending.id, role: 'admin' },
      ];
      for (const form of forms) {
        const post = await page.request.post(path, { form, headers: sameOrigin, maxRedirects: 0 });
        expect(post.status()).toBe(403);
      }
    }
    expect((await page.request.get('/admin/export.csv', { maxRedirects: 0 })).status()).toBe(403);
    expect((await storedJobTitle(pending.id)).status).toBe('pending');
  });

  test('a form posted from another site is refused', async ({ employeePage: page, employee }) => {
    const post = await page.request.post('/me', {
      form: { intent: 'profile', firstName: 'Evil', lastName: 'Site', jobTitle: 'Cross Site', department: 'X' },
      headers: { Origin: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(post.status()).toBeGreaterThanOrEqual(400);
    expect((await storedJobTitle(employee.id)).job_title).toBe(employee.jobTitle);
  });

  test('a signed-out visitor is sent to sign in, and a pending employee only sees their own profile', async ({
    page,
    makeEmployee,
    context,
  }) => {
    for (const path of ['/employees', '/me', '/admin']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login\?redirectTo=/);
    }
    const pending = await makeEmployee({ status: 'pending' });
    const { signIn } = await import('./fixtures');
    await signIn(context, pending);
    await page.goto('/employees');
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByTestId('pending-notice')).toBeVisible();
  });
});

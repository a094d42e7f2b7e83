/**
 * The directory's search as people use it (decision 007): typos and accents forgiven, facets that narrow and
 * show in the URL, changes findable moments after they are saved, deactivated people gone, and all of it
 * without JavaScript too. Runs against the server's embedded index, shared by its two workers.
 */
import { E2E_BASE_URL } from './e2e-env';
import { expect, signIn, test, waitForSearchIndexToCatchUp } from './fixtures';
import { randomLetters } from './names';

const cards = (page: import('@playwright/test').Page) => page.locator('.person');

test('a typo or a missing accent still finds the person, with the matched words marked', async ({
  employeePage: page,
  makeEmployee,
}) => {
  const last = `Okonkwo${randomLetters(6)}`;
  const katherine = await makeEmployee({ firstName: 'Katherine', lastName: last });
  const zoe = await makeEmployee({ firstName: 'Zoë', lastName: last });
  await page.goto('/employees');
  await page.getByLabel('Search', { exact: true }).fill(`kathrine ${last}`);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(cards(page)).toHaveCount(1);
  await expect(page.getByRole('link', { name: katherine.displayName })).toBeVisible();
  await expect(cards(page).locator('mark').first()).toHaveText('Katherine');

  await page.goto(`/employees?q=${encodeURIComponent(`zoe ${last.toLowerCase()}`)}`);
  await expect(cards(page)).toHaveCount(1);
  await expect(page.getByRole('link', { name: zoe.displayName })).toBeVisible();
});

test('results follow the text as it is typed, and the URL keeps in step', async ({
  employeePage: page,
  makeEmployee,
}) => {
  const last = `Quennell${randomLetters(6)}`;
  const person = await makeEmployee({ firstName: 'Ottilie', lastName: last });
  await page.goto('/employees');
  await page.getByLabel('Search', { exact: true }).pressSequentially(`ottilie ${last.slice(0, 11)}`, { delay: 30 });
  // No button pressed: the debounced search has run and replaced the URL.
  await expect(cards(page)).toHaveCount(1);
  await expect(page.getByRole('link', { name: person.displayName })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`q=ottilie\\+${last.slice(0, 11)}`));
});

test('a facet narrows the results, shows its count, and lives in the URL', async ({
  employeePage: page,
  makeEmployee,
}) => {
  const last = `Faceton${randomLetters(6)}`;
  const finance = await makeEmployee({ firstName: 'Ada', lastName: last, department: 'Finance' });
  await makeEmployee({ firstName: 'Bea', lastName: last, department: 'Sales' });
  await makeEmployee({ firstName: 'Cy', lastName: last, department: 'Sales' });
  await page.goto(`/employees?q=${last}`);
  await expect(cards(page)).toHaveCount(3);
  const departments = page.getByRole('group', { name: 'Department' });
  await expect(departments.locator('label', { hasText: 'Sales' })).toContainText('2');
  await expect(departments.locator('label', { hasText: 'Finance' })).toContainText('1');
  await departments.getByLabel('Finance').check();
  await expect(page).toHaveURL(/department=Finance/);
  await expect(cards(page)).toHaveCount(1);
  await expect(page.getByRole('link', { name: finance.displayName })).toBeVisible();
  // Sales stays choosable (its count applies the other facets, not this one), and adds to the selection.
  await expect(departments.locator('label', { hasText: 'Sales' })).toContainText('2');
  await departments.getByLabel('Sales').check();
  await expect(cards(page)).toHaveCount(3);
  // The URL alone reproduces the search (shared link).
  await page.goto(`/employees?q=${last}&department=Sales`);
  await expect(cards(page)).toHaveCount(2);
});

test('an edit is findable moments after it is saved, and no longer by what it replaced', async ({
  employeePage: page,
  employee,
  makeEmployee,
}) => {
  const title = `Volcanologist ${randomLetters(8)}`;
  await page.goto('/me');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save my profile' }) });
  await form.getByLabel('Job title').fill(title);
  await form.getByLabel('Skills (optional)').fill('Seismology, Drones');
  await form.getByRole('button', { name: 'Save my profile' }).click();
  await expect(page.getByText('Your profile is saved.')).toBeVisible();
  await waitForSearchIndexToCatchUp();

  // Seen by a colleague, through whichever worker answers.
  const colleague = await makeEmployee();
  const context = await page.context().browser()!.newContext({ baseURL: E2E_BASE_URL });
  await signIn(context, colleague);
  const other = await context.newPage();
  for (let i = 0; i < 3; i += 1) {
    await other.goto(`/employees?q=${encodeURIComponent(title)}`);
    await expect(cards(other)).toHaveCount(1);
    await expect(other.getByRole('link', { name: employee.displayName })).toBeVisible();
  }
  await other.goto(`/employees?q=${encodeURIComponent(`seismolog ${employee.lastName}`)}`);
  await expect(other.getByRole('link', { name: employee.displayName })).toBeVisible();
  await expect(cards(other).locator('.person__match')).toContainText('seismology');
  await other.goto(`/employees?q=${encodeURIComponent(`${employee.lastName} quality engineer`)}`);
  await expect(other.getByText('Nobody matches that search.')).toBeVisible();
  await context.close();
});

test('a deactivated employee disappears from search', async ({ adminPage, employeePage: page, makeEmployee }) => {
  const person = await makeEmployee({ firstName: 'Desmond', lastName: `Leaving${randomLetters(6)}` });
  await page.goto(`/employees?q=${person.lastName}`);
  await expect(page.getByRole('link', { name: person.displayName })).toBeVisible();

  await adminPage.goto(`/admin/employees/${person.id}`);
  await adminPage.getByRole('button', { name: 'Deactivate…' }).click();
  await adminPage.getByRole('button', { name: `Deactivate ${person.firstName} ${person.lastName}` }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: 'Deactivated' })).toBeVisible();
  await waitForSearchIndexToCatchUp();

  await page.goto(`/employees?q=${person.lastName}`);
  await expect(page.getByText('Nobody matches that search.')).toBeVisible();
  await page.goto(`/employees?q=${person.lastName.slice(0, -1)}`);
  await expect(cards(page)).toHaveCount(0);
});

test('without JavaScript: search, facets and paging work as plain links and forms', async ({
  browser,
  employee,
  makeEmployee,
}) => {
  const last = `Noscript${randomLetters(6)}`;
  await makeEmployee({ firstName: 'Ivo', lastName: last, department: 'Finance' });
  const salesPerson = await makeEmployee({ firstName: 'Jun', lastName: last, department: 'Sales' });
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, javaScriptEnabled: false });
  await signIn(context, employee);
  const page = await context.newPage();
  await page.goto('/employees');
  await page.getByLabel('Search', { exact: true }).fill(last.slice(0, -1));
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(cards(page)).toHaveCount(2);
  await page.getByRole('group', { name: 'Department' }).getByLabel('Sales').check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/department=Sales/);
  await expect(cards(page)).toHaveCount(1);
  await expect(page.getByRole('link', { name: salesPerson.displayName })).toBeVisible();

  await page.goto('/employees');
  await page.getByRole('link', { name: 'Next page →' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText(/^Page 2 of \d+$/)).toBeVisible();
  await context.close();
});

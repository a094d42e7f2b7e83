import http from 'node:http';
import { QueryTypes } from 'sequelize';
import { E2E_BASE_URL } from './e2e-env';
import { e2eDatabase, expect, sessionCookieValue, test } from './fixtures';

test('pagination walks the whole directory once, in name order', async ({ employeePage: page }) => {
  const [{ n }] = await e2eDatabase().sequelize.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM employees WHERE status = 'active'",
    {
      type: QueryTypes.SELECT,
    },
  );
  await page.goto('/employees');
  const seen: string[] = [];
  for (let pageNumber = 0; pageNumber < 50; pageNumber++) {
    const hrefs = await page
      .locator('.person a.person__name')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    seen.push(...hrefs);
    const next = page.getByRole('link', { name: 'Next page →' });
    if ((await next.count()) === 0) break;
    await next.click();
    await expect(page).toHaveURL(/after=/);
    await expect(page.getByRole('link', { name: '← First page' })).toBeVisible();
  }
  expect(seen.length).toBe(Number(n));
  expect(new Set(seen).size).toBe(seen.length);
  expect(Number(n)).toBeGreaterThan(24); // more than one page, or this test proves little
});

test('search and the department filter narrow the list', async ({ employeePage: page, makeEmployee }) => {
  const target = await makeEmployee({ firstName: 'Zephyrine', department: 'Finance', jobTitle: 'Treasury Analyst' });
  await page.goto('/employees');
  await page.getByLabel('Search', { exact: true }).fill('zephyr');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('.person')).toHaveCount(1);
  await expect(page.getByRole('link', { name: target.displayName })).toBeVisible();

  await page.getByLabel('Search', { exact: true }).fill('treasury an');
  await page.getByLabel('Department').selectOption('Engineering');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('Nobody matches that search.')).toBeVisible();

  await page.getByLabel('Department').selectOption('Finance');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name: target.displayName })).toBeVisible();
  for (const meta of await page.locator('.person__meta').allTextContents()) expect(meta).toContain('Finance');
});

test('pending and inactive employees are not in the directory, and their profiles do not exist for others', async ({
  employeePage: page,
  makeEmployee,
}) => {
  const pending = await makeEmployee({ firstName: 'Penelope', status: 'pending' });
  const inactive = await makeEmployee({ firstName: 'Ignatius', status: 'inactive' });
  for (const person of [pending, inactive]) {
    await page.goto(`/employees?q=${encodeURIComponent(person.lastName)}`);
    await expect(page.getByText('Nobody matches that search.')).toBeVisible();
    const response = await page.goto(`/employees/${person.id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'We could not find that page' })).toBeVisible();
  }
});

/** A GET from a chosen loopback address (all of 127/8 is this machine), as another visitor would arrive. */
function getFrom(address: string, path: string, cookie?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${E2E_BASE_URL}${path}`,
      { localAddress: address, headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
  });
}

test('manager suggestions before sign-in are rationed per address, so the directory cannot be harvested', async ({
  employee,
}) => {
  const visitor = `127.0.${1 + Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
  const first = await getFrom(visitor, '/api/people?q=ha');
  expect(first.status).toBe(200);
  expect(JSON.parse(first.body).people.length).toBeGreaterThan(0);
  let refused: { status: number; body: string } | undefined;
  for (let i = 1; i <= 60 && !refused; i++) {
    const answer = await getFrom(visitor, `/api/people?q=h${String.fromCharCode(97 + (i % 26))}`);
    if (answer.status !== 200) refused = answer;
  }
  expect(refused?.status).toBe(429);
  expect(JSON.parse(refused!.body)).toEqual({ people: [], error: expect.stringMatching(/work email/) });
  // An active employee who is signed in looks people up from the same address without a limit.
  const cookie = `session=${await sessionCookieValue(employee)}`;
  const signedIn = await getFrom(visitor, '/api/people?q=ha', cookie);
  expect(signedIn.status).toBe(200);
  expect(JSON.parse(signedIn.body).people.length).toBeGreaterThan(0);
});

import http from 'node:http';
import { QueryTypes } from 'sequelize';
import { E2E_BASE_URL } from './e2e-env';
import { e2eDatabase, expect, sessionCookieValue, test } from './fixtures';
import { randomLetters } from './names';
import { saveReadmePicture } from './readme-pictures';

test('pagination walks the whole directory once forwards and back, and says how many people there are', async ({
  employeePage: page,
}) => {
  const [{ n }] = await e2eDatabase().sequelize.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM employees WHERE status = 'active'",
    {
      type: QueryTypes.SELECT,
    },
  );
  const total = Number(n);
  expect(total).toBeGreaterThan(24); // more than one page, or this test proves little
  const cardLinks = () =>
    page.locator('.person a.person__name').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
  await page.goto('/employees');
  await expect(page.getByRole('link', { name: '← Previous page' })).toHaveCount(0);
  const pages: string[][] = [];
  for (let pageNumber = 0; pageNumber < 50; pageNumber++) {
    const hrefs = await cardLinks();
    pages.push(hrefs);
    await expect(page.getByText(`Showing ${hrefs.length} of ${total.toLocaleString('en')} people.`)).toBeVisible();
    const next = page.getByRole('link', { name: 'Next page →' });
    if ((await next.count()) === 0) break;
    await next.click();
    await expect(page).toHaveURL(new RegExp(`page=${pageNumber + 2}`));
    await expect(page.getByRole('link', { name: '« First page' })).toBeVisible();
  }
  const seen = pages.flat();
  expect(seen.length).toBe(total);
  expect(new Set(seen).size).toBe(seen.length);

  // Back from the last page, one page at a time: the same pages in reverse, then no "Previous page".
  for (let pageNumber = pages.length - 2; pageNumber >= 0; pageNumber--) {
    await page.getByRole('link', { name: '← Previous page' }).click();
    await expect(page).toHaveURL(
      pageNumber === 0 ? /page=1|\/employees\?$|\/employees$/ : new RegExp(`page=${pageNumber + 1}`),
    );
    await expect.poll(cardLinks).toEqual(pages[pageNumber]);
    await expect(page.getByRole('link', { name: 'Next page →' })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: '← Previous page' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '« First page' })).toHaveCount(0);
});

test('a full name finds the person, in either order, and never mixes two people', async ({
  employeePage: page,
  makeEmployee,
}) => {
  const last = `Thorvaldsen${randomLetters(6)}`;
  const other = `Andersen${randomLetters(6)}`;
  const target = await makeEmployee({ firstName: 'Marisol', lastName: last });
  await makeEmployee({ firstName: 'Graciela', lastName: other });
  for (const query of [
    `Marisol ${last}`,
    `Marisol ${last.slice(0, 14)}`,
    `${last} Marisol`,
    `  marisol   ${last.toUpperCase()} `,
  ]) {
    await page.goto('/employees');
    await page.getByLabel('Search', { exact: true }).fill(query);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.getByRole('link', { name: target.displayName })).toBeVisible();
    await expect(page.locator('.person')).toHaveCount(1);
    await expect(page.getByText('Showing 1 matching person.')).toBeVisible();
  }
  // The first name of one person with the last name of another is nobody.
  await page.goto(`/employees?q=${encodeURIComponent(`Graciela ${last}`)}`);
  await expect(page.getByText('Nobody matches that search.')).toBeVisible();
});

test('a page or cursor that is not ours shows the first page instead of failing', async ({ employeePage: page }) => {
  await page.goto('/employees');
  const firstPage = await page.locator('.person a.person__name').allTextContents();
  // Cursors belong to the SQL fallback; the last one is base64url JSON of the wrong shape (["zz",1]).
  for (const query of [
    'after=not-a-cursor',
    'before=%25%25%25',
    `before=${'x'.repeat(700)}`,
    'after=WyJ6eiIsMV0',
    'page=0',
    'page=-3',
    'page=abc',
    'page=1e9',
  ]) {
    const response = await page.goto(`/employees?${query}`);
    expect(response?.status(), query).toBe(200);
    expect(await page.locator('.person a.person__name').allTextContents(), query).toEqual(firstPage);
  }
});

test('search and the department filter narrow the list', async ({ employeePage: page, makeEmployee }) => {
  const target = await makeEmployee({ firstName: 'Zephyrine', department: 'Finance', jobTitle: 'Treasury Analyst' });
  await page.goto('/employees');
  await page.getByLabel('Search', { exact: true }).fill('zephyr');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.locator('.person')).toHaveCount(1);
  await expect(page.getByRole('link', { name: target.displayName })).toBeVisible();

  await expect(page.getByText('Showing 1 matching person.')).toBeVisible();

  // Departments are facets now (checkboxes with counts); one that has no match is reached by its URL.
  await page.goto('/employees?q=treasury+an&department=Engineering');
  await expect(page.getByText('Nobody matches that search.')).toBeVisible();

  const departments = page.getByRole('group', { name: 'Department' });
  await departments.getByLabel('Engineering').click(); // unticked: the page reloads without it
  await expect(page).not.toHaveURL(/department=/);
  await departments.getByLabel('Finance').check();
  await expect(page).toHaveURL(/department=Finance/);
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

test('manager suggestions before sign-in give only name, department and id; a signed-in employee also sees title and email', async ({
  employee,
  makeEmployee,
}) => {
  const last = `Lindqvist${randomLetters(6)}`;
  const grace = await makeEmployee({ firstName: 'Grace', lastName: last, department: 'Finance' });
  const pendingAccount = await makeEmployee({ status: 'pending' });
  const visitor = `127.1.${1 + Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
  const path = `/api/people?q=${encodeURIComponent(`Grace ${last.slice(0, 12)}`)}`;
  for (const cookie of [undefined, `session=${await sessionCookieValue(pendingAccount)}`]) {
    const answer = await getFrom(visitor, path, cookie);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      people: [{ id: grace.id, displayName: grace.displayName, department: 'Finance' }],
    });
    expect(answer.body).not.toContain(grace.workEmail);
    expect(answer.body).not.toContain(grace.jobTitle);
  }
  const signedIn = await getFrom(visitor, path, `session=${await sessionCookieValue(employee)}`);
  expect(JSON.parse(signedIn.body)).toEqual({
    people: [
      {
        id: grace.id,
        displayName: grace.displayName,
        department: 'Finance',
        jobTitle: grace.jobTitle,
        workEmail: grace.workEmail,
        // The fields HR defines that everyone may see, by key: none is in force while this runs.
        customFields: {},
      },
    ],
  });
});

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

test('on a phone, the whole result card is the tap target for its one link', async ({ employeePage: page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/employees');
  const card = page.locator('.person').first();
  const link = card.getByRole('link');
  await expect(link).toHaveCount(1);
  await expect(card.locator('button, input, select, textarea, [tabindex]')).toHaveCount(0);
  const href = (await link.getAttribute('href'))!;
  await card.scrollIntoViewIfNeeded();
  const box = (await card.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  // Where a thumb lands: the card's corners and the middle of its lower edge, away from the name itself.
  const inset = 4;
  const taps = [
    { x: box.x + inset, y: box.y + inset },
    { x: box.x + box.width - inset, y: box.y + inset },
    { x: box.x + inset, y: box.y + box.height - inset },
    { x: box.x + box.width / 2, y: box.y + box.height - inset },
    { x: box.x + box.width - inset, y: box.y + box.height - inset },
  ];
  for (const tap of taps) {
    const target = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.closest('a')?.getAttribute('href') ?? null,
      tap,
    );
    expect(target, `a tap at ${Math.round(tap.x)},${Math.round(tap.y)}`).toBe(href);
  }
  // The keyboard's ring goes round the whole card too.
  await link.focus();
  await saveReadmePicture(page, 'edges/10-directory-card-tap-target');
  await page.mouse.click(box.x + box.width - inset, box.y + box.height - inset);
  await expect(page).toHaveURL(new RegExp(`${href}$`));
});

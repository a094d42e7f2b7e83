import { answerFaceCheck, expect, test } from './fixtures';
import { writePortraitJpeg } from './images';
import { saveReadmePicture } from './readme-pictures';

test('edits their own profile', async ({ employeePage: page, employee }) => {
  await page.goto('/me');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save my profile' }) });
  await form.getByLabel('Job title').fill('Principal Quality Engineer');
  await form.getByLabel('Short bio (optional)').fill('I test things <b>carefully</b> & quickly.');
  await form.getByLabel('Preferred name (optional)').fill('Tess');
  await form.getByRole('button', { name: 'Save my profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your profile is saved.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: `Tess ${employee.lastName}` })).toBeVisible();
  // Markup in a bio is shown as text, not interpreted.
  await expect(page.locator('.bio')).toHaveText('I test things <b>carefully</b> & quickly.');

  await page.goto(`/employees/${employee.id}`);
  // The line under the name (the small org chart on the page names the title again, in its cards' tooltips).
  await expect(page.locator('p').filter({ hasText: 'Principal Quality Engineer' })).toBeVisible();
});

test('shows field errors when an edit is invalid, and keeps the stored profile', async ({
  employeePage: page,
  employee,
}) => {
  await page.goto('/me');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save my profile' }) });
  await form.getByLabel('Job title').fill('');
  await form.getByLabel('Manager').fill('nobody.here@xyz.example');
  await form.getByRole('button', { name: 'Save my profile' }).click();
  await expect(form.getByLabel('Job title')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Job title is required')).toBeVisible();
  await expect(form.getByText('No active employee has this work email')).toBeVisible();
  await page.goto(`/employees/${employee.id}`);
  await expect(page.getByText(employee.jobTitle).first()).toBeVisible();
});

test('replaces the photo: the new one appears by itself once processed, the old renditions go', async ({
  employeePage: page,
  employee,
}, testInfo) => {
  test.setTimeout(90_000);
  const polls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/photo-state')) polls.push(request.url());
  });
  await page.goto('/me');
  // Set once: a reload or any full page load would wipe it.
  await page.evaluate(() => {
    (window as unknown as { samePage: boolean }).samePage = true;
    const seen = ((window as unknown as { photoStates: string[] }).photoStates = [] as string[]);
    new MutationObserver(() => {
      const state = document.querySelector('[data-photo-state]')?.getAttribute('data-photo-state');
      if (state && seen.at(-1) !== state) seen.push(state);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const avatar = page.locator('img.avatar--lg');
  const upload = async (file: string) => {
    const before = (await avatar.count()) > 0 ? await avatar.getAttribute('src') : null;
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Upload photo' }) });
    await form.getByLabel('New photo').setInputFiles(file);
    await answerFaceCheck(form);
    await expect(form.getByAltText('Preview of the chosen photo')).toBeVisible();
    await form.getByRole('button', { name: 'Upload photo' }).click();
    await expect(page).toHaveURL(/photo=uploaded/);
    // No reload: the page follows the photo and shows the new one when it is ready.
    await expect(avatar).toHaveAttribute('src', new RegExp(`^/photos/${employee.id}/`), { timeout: 30_000 });
    if (before) await expect(avatar).not.toHaveAttribute('src', before, { timeout: 30_000 });
    await expect(page.locator('[data-photo-state="ready"]')).toHaveText('The new photo is ready.');
    await expect(form.getByAltText('Preview of the chosen photo')).toHaveCount(0);
    return avatar.getAttribute('src');
  };
  const first = await upload(await writePortraitJpeg(testInfo.outputPath('first.jpg'), 20));
  const second = await upload(await writePortraitJpeg(testInfo.outputPath('second.jpg'), 280));
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  // It went through "processing" and got there by polling, not by a reload.
  const states = await page.evaluate(() => (window as unknown as { photoStates: string[] }).photoStates);
  expect(states).toContain('processing');
  expect(polls.length).toBeGreaterThan(0);
  expect(polls.every((url) => new URL(url).searchParams.getAll('employee').join() === employee.id)).toBe(true);

  expect(second).not.toBe(first);
  expect((await page.request.get(second!, { maxRedirects: 0 })).status()).toBe(200);
  // The replaced photo's renditions are removed once the new one is ready.
  await expect
    .poll(async () => (await page.request.get(first!, { maxRedirects: 0 })).status(), { timeout: 20_000 })
    .toBe(404);
});

test('the photo state answers only about yourself, unless you are HR', async ({
  employeePage: page,
  employee,
  makeEmployee,
  adminPage,
  request,
}) => {
  const other = await makeEmployee();
  const own = await page.request.get(`/api/photo-state?employee=${employee.id}`);
  expect(own.status()).toBe(200);
  expect(own.headers()['cache-control']).toBe('no-store');
  expect(await own.json()).toEqual({
    photos: [{ employeeId: employee.id, state: 'none', failureReason: null, photoId: null }],
  });
  const someoneElse = await page.request.get(`/api/photo-state?employee=${employee.id}&employee=${other.id}`);
  expect(someoneElse.status()).toBe(403);
  expect(await someoneElse.json()).toEqual({ error: 'You can only follow your own photo.' });
  const bad = await page.request.get('/api/photo-state?employee=not-an-id');
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({ error: 'Each employee must be an employee id' });
  const hr = await adminPage.request.get(`/api/photo-state?employee=${other.id}`);
  expect((await hr.json()).photos).toEqual([
    { employeeId: other.id, state: 'none', failureReason: null, photoId: null },
  ]);
  const signedOut = await request.get(`/api/photo-state?employee=${employee.id}`);
  expect(signedOut.status()).toBe(401);
});

test('changes the password and signs out other sessions', async ({ employeePage: page, employee, browser }) => {
  const other = await browser.newContext();
  const { signIn } = await import('./fixtures');
  await signIn(other, employee);
  const otherPage = await other.newPage();
  await otherPage.goto('/me');
  await expect(otherPage).toHaveURL(/\/me$/);

  await page.goto('/me');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Change password' }) });
  await form.getByLabel('Current password').fill('not my password');
  await form.getByLabel('New password').fill('password123');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('That is not your current password.')).toBeVisible();
  await expect(form.getByText('This password is too common')).toBeVisible();

  await form.getByLabel('Current password').fill(employee.password);
  await form.getByLabel('New password').fill('a fresh and quiet morning');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password is changed.')).toBeVisible();

  await otherPage.goto('/me');
  await expect(otherPage).toHaveURL(/\/login/);
  await page.goto('/me');
  await expect(page).toHaveURL(/\/me$/);
  await other.close();
});

test('keeps pronouns and links (stored in DynamoDB) and skills (on the profile) and shows them on the profile', async ({
  employeePage: page,
  employee,
}) => {
  await page.goto('/me');
  // Skills are part of the profile form now (decision 008), normalised to short lower-case tags.
  const profileForm = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save my profile' }) });
  await profileForm.getByLabel('Skills (optional)').fill('Playwright, accessibility,  SQL , <b>');
  await profileForm.getByRole('button', { name: 'Save my profile' }).click();
  await expect(profileForm.getByText('Skills may contain letters, digits')).toBeVisible();
  await profileForm.getByLabel('Skills (optional)').fill('Playwright, accessibility,  SQL ');
  await profileForm.getByRole('button', { name: 'Save my profile' }).click();
  await expect(page.getByText('Your profile is saved.')).toBeVisible();

  const form = page.locator('form').filter({ has: page.getByLabel('Pronouns (optional)') });
  await form.getByLabel('Pronouns (optional)').fill('she/her');
  await form.getByLabel('Links (optional)').fill('Not a link at all');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Write one link per line')).toBeVisible();
  await expect(form.getByLabel('Links (optional)')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Links (optional)').fill('Blog | https://blog.example/tess');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await page.goto(`/employees/${employee.id}`);
  await expect(page.getByText('she/her')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Skills' }).getByRole('listitem')).toHaveText([
    'playwright',
    'accessibility',
    'sql',
  ]);
  await expect(page.getByRole('link', { name: 'Blog' })).toHaveAttribute('href', 'https://blog.example/tess');
});

test('without a photo, /me says so inside the card that adds one', async ({ employeePage: page }) => {
  await page.goto('/me');
  const card = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Add my photo' }) });
  await expect(card.locator('[data-photo-state="none"]')).toHaveText('No photo yet.');
  await expect(card.getByLabel('New photo')).toBeVisible();
  // Nothing says "current photo" when there is none, and no photo line floats between the cards.
  await expect(card).not.toContainText('Your current photo stays');
  await expect(page.locator('[data-photo-state]')).toHaveCount(1);
  await card.scrollIntoViewIfNeeded();
  await saveReadmePicture(card, 'edges/5-me-no-photo-in-its-card');
});

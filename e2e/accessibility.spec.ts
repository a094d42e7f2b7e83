/**
 * Every page through axe-core (WCAG 2.1 A/AA + best practice): no serious or critical violation. Also no
 * console error (a CSP violation shows up there). The README's pictures come from visual.spec.ts.
 */
import type { Page } from '@playwright/test';
import { confirmedJoinPath, expect, seriousA11yViolations, test } from './fixtures';

async function firstDirectoryProfile(page: Page): Promise<string> {
  await page.goto('/employees');
  const withPhoto = page
    .locator('.person')
    .filter({ has: page.locator('img') })
    .first();
  const link =
    (await withPhoto.count()) > 0 ? withPhoto.locator('a.person__name') : page.locator('a.person__name').first();
  return (await link.getAttribute('href'))!;
}

/** The first profile on the directory's first page that links both a manager and direct reports (the README's picture). */
async function directoryProfileWithTeam(page: Page): Promise<string> {
  await page.goto('/employees');
  const hrefs = await page
    .locator('a.person__name')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
  for (const href of hrefs) {
    await page.goto(href);
    const hasManager = (await page.locator('section[aria-labelledby="manager-heading"] a').count()) > 0;
    const hasReports = (await page.locator('section[aria-labelledby="reports-heading"] li').count()) > 0;
    if (hasManager && hasReports) return href;
  }
  throw new Error('no profile on the first directory page has both a manager and direct reports: check the demo seed');
}

async function check(page: Page, path: string, errors: string[]) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  await page.waitForLoadState('networkidle');
  expect(await seriousA11yViolations(page), `axe on ${path}`).toEqual([]);
  expect(errors, `console errors on ${path}`).toEqual([]);
}

test('signed-out pages', async ({ page, consoleErrors }) => {
  await check(page, '/login', consoleErrors);
  await check(page, '/join', consoleErrors);
  await check(page, await confirmedJoinPath('accessibility.check@xyz.example'), consoleErrors);
  await check(page, '/forgot-password', consoleErrors);
  await check(page, '/reset-password?token=expired-or-unknown-token-000000', consoleErrors);
});

test('employee pages', async ({ employeePage: page, employee, consoleErrors }) => {
  await check(page, '/employees', consoleErrors);
  await check(page, '/employees?q=a&department=Engineering', consoleErrors);
  await check(page, await directoryProfileWithTeam(page), consoleErrors);
  await check(page, `/employees/${employee.id}`, consoleErrors);
  await check(page, '/me', consoleErrors);
  await check(page, '/org', consoleErrors);
  await check(page, '/org/departments/Engineering', consoleErrors);
});

test('HR admin pages', async ({ adminPage: page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await check(page, '/admin', errors);
  await check(page, '/admin/people', errors);
  await check(page, '/admin/notifications', errors);
  await check(page, '/admin/import', errors);
  await check(page, '/admin/fields', errors);
  await check(page, '/admin/insights', errors);
  const profile = await firstDirectoryProfile(page);
  await check(page, profile.replace('/employees/', '/admin/employees/'), errors);
});

test('error pages are friendly and leak nothing', async ({ employeePage: page }) => {
  const missing = await page.goto('/employees/00000000-0000-4000-8000-000000000000');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'We could not find that page' })).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  const nowhere = await page.goto('/no/such/page');
  expect(nowhere?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'We could not find that page' })).toBeVisible();

  const forbidden = await page.goto('/admin');
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'You do not have access to this' })).toBeVisible();
  const body = await page.content();
  expect(body).not.toMatch(/at .+\.(js|ts):\d+|node_modules|Error:/);
});

test('phone-sized screens', async ({ employeePage: page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await check(page, '/employees', []);
  await check(page, '/org/departments/Engineering', []);
  const profile = await firstDirectoryProfile(page);
  await check(page, profile, []);
  // Nothing runs off the side of the screen.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('keyboard: a skip link, and visible focus on the first control', async ({ employeePage: page }) => {
  await page.goto('/employees');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    return `${style.outlineStyle} ${style.outlineWidth} ${style.boxShadow}`;
  });
  expect(outline).not.toMatch(/^none 0px none$/);
});

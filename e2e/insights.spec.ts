/**
 * HR's insights over a seeded history (test-support/insights-history.ts: 300 people over two years, removed
 * afterwards so the other suites see the demo seed only): HR opens Insights from the admin menu, every chart is
 * drawn as a named image with its numbers, a filter narrows it, a CSV downloads, and axe finds nothing serious.
 * With README_PICTURES=1 each chart is saved to docs/screenshots/insights/.
 */
import { e2eDatabase, expect, seriousA11yViolations, test } from './fixtures';
import { removeInsightsHistory, seedInsightsHistory } from '@test-support/insights-history';
import { INSIGHTS } from '~/services/insights.server';
import { saveReadmePicture } from './readme-pictures';

const PREFIX = 'INSIGHT-E2E-';

test.beforeAll(async () => {
  await removeInsightsHistory(e2eDatabase(), PREFIX);
  await seedInsightsHistory(e2eDatabase(), { people: 300, events: 3000, prefix: PREFIX });
});

test.afterAll(async () => {
  await removeInsightsHistory(e2eDatabase(), PREFIX);
});

test('HR reads the insights as charts, filters them and downloads their numbers', async ({ adminPage: page }) => {
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'HR admin' }).getByRole('link', { name: 'Insights' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();
  const twoYears = `from=${new Date(Date.now() - 700 * 86_400_000).toISOString().slice(0, 7)}`;
  await page.goto(`/admin/insights?${twoYears}`);
  for (const id of INSIGHTS) {
    const section = page.locator(`section#${id}`);
    await expect(section.getByRole('img')).toHaveAttribute('aria-label', /\w+/);
    await section.getByText(/The numbers/).click();
    await expect(section.getByRole('table')).toBeVisible();
    await section.getByText(/The numbers/).click();
    await saveReadmePicture(section, `insights/${id}`);
  }
  expect(await seriousA11yViolations(page)).toEqual([]);

  await page.locator('#insights-department').selectOption('Engineering');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/department=Engineering/);
  // Rendered by the browser this time: the pictures come on their own (app/routes/admin.insights.charts[.]json.ts).
  for (const id of INSIGHTS) {
    await expect(page.locator(`section#${id}`).getByRole('img')).toHaveAttribute('aria-label', /\w+/);
  }
  const download = page.waitForEvent('download');
  await page.locator('section#joiners-and-leavers').getByRole('link', { name: /CSV/ }).click();
  expect((await download).suggestedFilename()).toMatch(/^xyz-joiners-and-leavers-\d{4}-\d{2}-to-\d{4}-\d{2}\.csv$/);

  await page.goto('/admin/insights?from=someday');
  await expect(page.getByRole('alert')).toHaveText('From must be a month written as YYYY-MM');
});

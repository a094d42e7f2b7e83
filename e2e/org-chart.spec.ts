/**
 * The org chart in a browser (docs/decisions/326-org-chart.md): one walk through the demo organisation, opening a
 * department, a team lead (the middle of a department), down to a report, back up the chain, a search, and the
 * tree moved by the keyboard; then on a phone (one column, nothing off the side). README_PICTURES=1 takes the
 * pictures in docs/screenshots/org-chart/.
 */
import { expect, test } from './fixtures';
import { saveReadmePicture } from './readme-pictures';

const personOf = (url: string) => new URL(url).searchParams.get('person');

test('the org chart: down a level, up the chain, a search, and the keyboard', async ({ employeePage: page }) => {
  await page.goto('/org');
  await expect(page.getByRole('heading', { name: 'Org chart', level: 1 })).toBeVisible();
  await expect(page.getByRole('tree')).toBeVisible();

  await page.goto('/org/departments/Engineering');
  await expect(page.getByRole('heading', { name: 'Engineering', level: 1 })).toBeVisible();
  await saveReadmePicture(page, 'org-chart/department');
  // The department's lead: under its head, with reports of their own.
  const lead = page.locator('[role="treeitem"][aria-level="2"][aria-expanded="true"]').first();
  const leadName = (await lead.locator('.org-card__name').textContent())!;
  await lead.click();
  await expect(page).toHaveTitle(`Org chart: ${leadName} · XYZ People`);
  const leadId = personOf(page.url());
  const tree = page.getByRole('tree');
  await expect(tree.locator('[aria-current="true"]')).toContainText(leadName);
  await saveReadmePicture(page, 'org-chart/centred-on-a-team-lead');

  // Down: a report of the lead.
  const report = tree.locator('[aria-current="true"] + ul [role="treeitem"]').first();
  const reportName = (await report.locator('.org-card__name').textContent())!;
  await report.click();
  await expect(page).toHaveTitle(`Org chart: ${reportName} · XYZ People`);
  // Up: the chain's nearest manager is the lead again.
  await page.getByRole('navigation', { name: 'Up the reporting line' }).getByRole('link').last().click();
  await expect(page).toHaveTitle(`Org chart: ${leadName} · XYZ People`);

  // Search: straight to the report by name.
  await page.getByRole('searchbox', { name: 'Find a person' }).fill(reportName);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveTitle(`Org chart: ${reportName} · XYZ People`);

  // Keyboard: the centred person is the tree's one tab stop; arrows move, Left goes to the manager, Enter opens.
  const current = page.locator('[role="treeitem"][aria-current="true"]');
  await expect(current).toHaveAttribute('tabindex', '0');
  await current.focus();
  await page.keyboard.press('ArrowLeft');
  const manager = page.locator('[role="treeitem"]:focus');
  await expect(manager).toContainText(leadName);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[role="treeitem"]:focus')).not.toContainText(leadName);
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('[role="treeitem"]:focus')).toContainText(leadName);
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle(`Org chart: ${leadName} · XYZ People`);
  expect(personOf(page.url())).toBe(leadId);

  // A phone: one column (the list), nothing off the side of the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.locator('.org-chart__picture').first()).toBeHidden();
  await expect(page.getByRole('tree')).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await saveReadmePicture(page, 'org-chart/phone');
});

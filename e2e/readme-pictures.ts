/**
 * The README's pictures (docs/screenshots) are taken by the e2e run, but only when asked:
 *   README_PICTURES=1 npx playwright test
 * Every run writing them left a dirty tree after each test run (the pending list and the activity log show the
 * run's own random names and times), and a CI run had no business changing the docs.
 */
import type { Page } from '@playwright/test';

export const README_PICTURES = process.env.README_PICTURES === '1';

export async function saveReadmePicture(page: Page, name: string): Promise<void> {
  if (!README_PICTURES) return;
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: true });
}

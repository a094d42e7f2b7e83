/**
 * The README's pictures (docs/screenshots) are taken by the e2e run, but only when asked:
 *   README_PICTURES=1 npx playwright test
 * Every run writing them left a dirty tree after each test run (the pending list and the activity log show the
 * run's own random names and times), and a CI run had no business changing the docs.
 */
import type { Locator, Page } from '@playwright/test';

export const README_PICTURES = process.env.README_PICTURES === '1';

/** A whole page, or one part of it (a locator). */
export async function saveReadmePicture(target: Page | Locator, name: string): Promise<void> {
  if (!README_PICTURES) return;
  const path = `docs/screenshots/${name}.png`;
  if ('goto' in target) await target.screenshot({ path, fullPage: true });
  else await target.screenshot({ path });
}

/**
 * Visual snapshots of the main pages, from the seeded demo data only (the seed is deterministic: the same 40
 * people, titles, managers and portraits every fresh start), signed in as seeded people, never as a fixture's
 * randomly named one. A change to how a page looks fails here until someone looks at the difference
 * (test-results/e2e-artifacts/.../*-diff.png) and accepts it. With README_PICTURES=1 the same run writes the
 * README's pictures (docs/screenshots), so they show what the snapshots hold (e2e/readme-pictures.ts).
 *
 * After an intended change (a new button, a new field), regenerate and review the new pictures:
 *   E2E_PORT=3311 E2E_DATA_DIR=/tmp/e2e-visual npx playwright test e2e/visual.spec.ts --update-snapshots=all
 * The server starts on a fresh data directory, so the seed is the same as in CI. Snapshots live in
 * e2e/visual.spec.ts-snapshots/ (one per page, -linux: they are made with Debian's Chromium and its fonts).
 * The threshold is playwright.config.ts's `expect.toHaveScreenshot`.
 */
import type { Page } from '@playwright/test';
import { QueryTypes } from 'sequelize';
import { confirmedJoinPath, e2eDatabase, expect, signIn, test } from './fixtures';
import { saveReadmePicture } from './readme-pictures';

/** Seeded people by employee number (E100000 + seed index): the admin, and a lead with a manager and reports. */
const SEEDED_ADMIN = 'E100000';
const SEEDED_TEAM_LEAD = 'E100007';
const PHONE = { width: 390, height: 844 };

async function seededEmployeeId(employeeNumber: string): Promise<string> {
  const rows = await e2eDatabase().sequelize.query<{ id: string }>(
    'SELECT id FROM employees WHERE employee_number = :employeeNumber',
    { replacements: { employeeNumber }, type: QueryTypes.SELECT },
  );
  if (!rows[0]) throw new Error(`the demo seed has no ${employeeNumber}: is SEED_DEMO_DATA on for the e2e server?`);
  return rows[0].id;
}

/**
 * Opens the page once every photo on it is processed and loaded: the seed's portraits go through the photo
 * pipeline after start-up, and a person shows initials until theirs is ready.
 */
async function openSettled(page: Page, path: string): Promise<void> {
  await expect(async () => {
    await page.goto(path);
    await expect(page.locator('span.avatar')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  // Lazy images below the fold load once scrolled to, so that the full-page picture shows them.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState('networkidle');
  await expect
    .poll(() =>
      page
        .locator('img')
        .evaluateAll((images) =>
          images.every((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0),
        ),
    )
    .toBe(true);
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The snapshot check (with the clock's marks masked), then the same page written for the README. */
/** What changes from run to run, in any language: times the run itself made. */
function runTimes(page: Page) {
  return [
    // When each activity happened: the seed's "Profile created" carries the minute the server started.
    page.getByTestId('activity-log').locator('tbody td:first-child'),
    // When HR looked at the private details: the run's own look at the page is listed on HR's employee page.
    page.getByTestId('private-detail-views').locator('tbody td:first-child'),
  ];
}

/**
 * Writes one fixed time into the run's own time cells before the picture. A mask hides their pixels but not their
 * width: "08/12/2026, 02:23" and "12/12/2026, 23:59" size the table's columns differently, which moved every other
 * column of HR's employee page by a few pixels from one day's run to the next.
 */
async function fixRunTimes(page: Page): Promise<void> {
  for (const cells of runTimes(page))
    await cells.evaluateAll((elements) => {
      for (const element of elements) element.textContent = '01/01/2026, 00:00';
    });
}

async function snapshot(page: Page, name: string): Promise<void> {
  await fixRunTimes(page);
  await expect(page).toHaveScreenshot(`${name}.png`, { fullPage: true, mask: runTimes(page) });
  await saveReadmePicture(page, name);
}

type Viewer = 'visitor' | 'employee' | 'hr';

/**
 * The translated pages again with the browser asking for German, whose longer words are the likeliest to break a
 * layout (docs/decisions/334-messages-in-icu-catalogues.md). A page joins once its words are translated: add it
 * here (signed in as the seeded team lead, or as HR), then write its picture with
 *   E2E_PORT=3311 E2E_DATA_DIR=/tmp/e2e-visual npx playwright test e2e/visual.spec.ts -g German --update-snapshots=missing
 * and look at it (e2e/visual.spec.ts-snapshots/de-*.png).
 */
const IN_GERMAN: Array<{ name: string; as: Viewer; path: () => Promise<string> | string }> = [
  { name: 'de-login', as: 'visitor', path: () => '/login' },
  { name: 'de-join-email', as: 'visitor', path: () => '/join' },
  { name: 'de-join', as: 'visitor', path: () => confirmedJoinPath('new.colleague@xyz.example') },
  { name: 'de-directory', as: 'employee', path: () => '/employees' },
  {
    name: 'de-profile',
    as: 'employee',
    path: () => seededEmployeeId(SEEDED_TEAM_LEAD).then((id) => `/employees/${id}`),
  },
  { name: 'de-me', as: 'employee', path: () => '/me' },
  { name: 'de-admin-people', as: 'hr', path: () => '/admin/people' },
  {
    name: 'de-admin-employee',
    as: 'hr',
    path: () => seededEmployeeId(SEEDED_TEAM_LEAD).then((id) => `/admin/employees/${id}`),
  },
];

const SEEDED_VIEWERS: Record<Exclude<Viewer, 'visitor'>, string> = { employee: SEEDED_TEAM_LEAD, hr: SEEDED_ADMIN };

test.describe('how the main pages look', () => {
  test('signed out: sign-in, join, not found', async ({ page }) => {
    await openSettled(page, '/login');
    await snapshot(page, 'login');
    // Joining: the first step asks for the work email only; the email's link opens the profile form.
    await openSettled(page, '/join');
    // Not a README picture: docs/screenshots/join-proof-*.png show the whole walk (e2e/onboarding.spec.ts).
    await expect(page).toHaveScreenshot('join-email.png', { fullPage: true });
    await openSettled(page, await confirmedJoinPath('new.colleague@xyz.example'));
    await snapshot(page, 'join');
    await openSettled(page, '/no/such/page');
    await snapshot(page, 'not-found');
  });

  test('an employee: the directory, a profile with a team, their own profile; and on a phone', async ({
    context,
    page,
  }) => {
    const lead = await seededEmployeeId(SEEDED_TEAM_LEAD);
    await signIn(context, { id: lead });
    await openSettled(page, '/employees');
    await snapshot(page, 'directory');
    await openSettled(page, `/employees/${lead}`);
    await expect(page.locator('section[aria-labelledby="manager-heading"] a')).toHaveCount(1);
    await expect(page.locator('section[aria-labelledby="reports-heading"] li').first()).toBeVisible();
    await snapshot(page, 'profile');
    await openSettled(page, '/me');
    await snapshot(page, 'me');

    await page.setViewportSize(PHONE);
    await openSettled(page, '/employees');
    await snapshot(page, 'directory-phone');
    await openSettled(page, `/employees/${lead}`);
    await snapshot(page, 'profile-phone');
  });

  test('HR: the people list and the edit form', async ({ context, page }) => {
    await signIn(context, { id: await seededEmployeeId(SEEDED_ADMIN) });
    await openSettled(page, '/admin/people');
    await snapshot(page, 'admin-people');
    await openSettled(page, `/admin/employees/${await seededEmployeeId(SEEDED_TEAM_LEAD)}`);
    await snapshot(page, 'admin-employee');
  });

  test.describe('in German', () => {
    test.use({ locale: 'de-DE' });

    test('the translated pages', async ({ context, page }) => {
      // Signed out first, then as an employee, then as HR: each viewer's session is set once.
      for (const viewer of ['visitor', 'employee', 'hr'] as const) {
        const pages = IN_GERMAN.filter((german) => german.as === viewer);
        if (viewer !== 'visitor' && pages.length > 0)
          await signIn(context, { id: await seededEmployeeId(SEEDED_VIEWERS[viewer]) });
        for (const german of pages) {
          await openSettled(page, await german.path());
          await expect(page.locator('html')).toHaveAttribute('lang', 'de');
          await fixRunTimes(page);
          await expect(page).toHaveScreenshot(`${german.name}.png`, { fullPage: true, mask: runTimes(page) });
        }
      }
    });
  });
});

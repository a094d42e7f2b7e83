/**
 * HR's approval of a person's changes to fields HR defines, in the browser
 * (docs/decisions/323-field-change-approval.md): the person changes two fields whose changes wait for HR, HR finds
 * them from the admin menu, approves one and refuses the other with a reason, and the person reads both outcomes
 * on /me. The fields are seeded through the store, as /admin/fields would save them.
 *
 * The picture of HR's page (docs/screenshots/custom-fields/) is taken when asked:
 *   README_PICTURES=1 npx playwright test e2e/field-change-approval.spec.ts
 */
import { QueryTypes } from 'sequelize';
import { insertCustomFieldDefinition } from '~/models/custom-field-store.server';
import type { CustomFieldDefinition } from '~/models/custom-fields';
import { announceDefinitionsChange, e2eDatabase, expect, seriousA11yViolations, test } from './fixtures';
import { saveReadmePicture } from './readme-pictures';

// Keys are never reused, so each run defines its own.
const run = Date.now().toString(36);
const DESK = `approval_desk_${run}`;
const TEAM = `approval_team_${run}`;

const field = (key: string, extra: Partial<CustomFieldDefinition>): Omit<CustomFieldDefinition, 'position'> => ({
  key,
  label: key,
  helpText: null,
  type: 'short-text',
  required: false,
  visibility: 'person-and-hr',
  editableBy: 'person',
  needsApproval: true,
  searchable: false,
  facet: false,
  section: 'Approved by HR',
  retired: false,
  options: [],
  ...extra,
});

test.beforeAll(async () => {
  const db = e2eDatabase();
  await insertCustomFieldDefinition(db, field(DESK, { label: 'Desk' }));
  await insertCustomFieldDefinition(
    db,
    field(TEAM, {
      label: 'Team',
      type: 'one-choice',
      visibility: 'everyone',
      options: [
        { value: 'platform', label: 'Platform', retired: false },
        { value: 'night-shift', label: 'Night shift', retired: false },
      ],
    }),
  );
  await announceDefinitionsChange([DESK, TEAM], ['added']);
});

test.afterAll(async () => {
  // Retired, and their changes gone, so the suites that follow see the forms and HR's menu as before.
  const db = e2eDatabase();
  const keys = { keys: [DESK, TEAM] };
  await db.sequelize.query('DELETE FROM field_change_requests WHERE field_key IN (:keys)', {
    replacements: keys,
    type: QueryTypes.DELETE,
  });
  await db.sequelize.query('UPDATE field_definitions SET is_retired = 1 WHERE field_key IN (:keys)', {
    replacements: keys,
    type: QueryTypes.UPDATE,
  });
  await db.sequelize.query("UPDATE field_definitions_version SET version = version + 1 WHERE name = 'fields'", {
    type: QueryTypes.UPDATE,
  });
  await announceDefinitionsChange([DESK, TEAM], ['retired']);
});

test('a person changes two fields that wait for HR; HR approves one and refuses the other; the person is told', async ({
  employeePage,
  adminPage,
  employee,
}) => {
  test.setTimeout(60_000);
  await employeePage.goto('/me');
  const me = employeePage
    .locator('form')
    .filter({ has: employeePage.getByRole('button', { name: 'Save my profile' }) });
  await me.getByLabel('Desk (optional)').fill('Floor 3, desk 7');
  await me.getByLabel('Team (optional)').selectOption({ label: 'Night shift' });
  await me.getByRole('button', { name: 'Save my profile' }).click();
  await expect(employeePage.getByRole('status').filter({ hasText: 'waits for HR’s approval' })).toBeVisible();
  await expect(me.getByTestId(`waiting-${DESK}`)).toHaveText('Waiting for HR’s approval: Floor 3, desk 7');
  await expect(me.getByTestId(`waiting-${TEAM}`)).toHaveText('Waiting for HR’s approval: Night shift');
  // Not on the profile until HR approves: the page loaded afresh shows the stored value, and the change beside it.
  await employeePage.reload();
  await expect(me.getByLabel('Desk (optional)')).toHaveValue('');
  await expect(me.getByTestId(`waiting-${DESK}`)).toBeVisible();

  await adminPage.goto('/admin');
  await adminPage
    .getByRole('navigation', { name: 'HR admin' })
    .getByRole('link', { name: /Changes to approve \(\d+\)/ })
    .click();
  await expect(adminPage.getByRole('heading', { name: 'Changes waiting for approval', level: 1 })).toBeVisible();
  const change = (label: string) =>
    adminPage
      .getByTestId('field-change')
      .filter({ has: adminPage.getByRole('heading', { name: `${employee.displayName} · ${label}` }) });
  await expect(change('Desk').getByTestId('new-value')).toHaveText('Floor 3, desk 7');
  await expect(change('Team').getByTestId('new-value')).toHaveText('Night shift');
  expect(await seriousA11yViolations(adminPage)).toEqual([]);
  await saveReadmePicture(adminPage, 'custom-fields/admin-field-changes');

  // Refusing without a reason is refused beside the reason; then with one.
  await change('Team').getByRole('button', { name: 'Refuse' }).click();
  await expect(change('Team').getByText('Give the reason for the refusal: the person reads it')).toBeVisible();
  await change('Team')
    .getByLabel(/Reason/)
    .fill('The night shift team is full this quarter.');
  await change('Team').getByRole('button', { name: 'Refuse' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: 'Change to “Team” refused' })).toBeVisible();
  await change('Desk').getByRole('button', { name: 'Approve' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: 'Change to “Desk” approved and saved' })).toBeVisible();
  await expect(change('Desk')).toHaveCount(0);

  await employeePage.goto('/me');
  await expect(
    employeePage.getByTestId('field-change-decision').filter({ hasText: 'HR approved your change to “Desk”.' }),
  ).toBeVisible();
  await expect(
    employeePage
      .getByTestId('field-change-decision')
      .filter({ hasText: 'HR did not approve your change to “Team”: The night shift team is full this quarter.' }),
  ).toBeVisible();
  await expect(me.getByLabel('Desk (optional)')).toHaveValue('Floor 3, desk 7');
  await expect(me.getByTestId(`waiting-${TEAM}`)).toHaveCount(0);
});

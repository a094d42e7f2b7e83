/**
 * Fields HR defines, in the browser (docs/decisions/023-hr-defined-field-storage.md): HR adds one field of each
 * type on /admin/fields, an employee fills them on /me (a wrong value is refused beside its field), and the profile
 * shows each to the readers its visibility names: the person, a colleague, HR. A newcomer must fill a required one
 * on the join form. The server runs two workers, so each page may come from a worker other than the one that saved
 * the definition.
 *
 * The pictures (docs/screenshots/custom-fields/) are taken when asked:
 *   README_PICTURES=1 npx playwright test e2e/custom-fields.spec.ts
 */
import { QueryTypes } from 'sequelize';
import { insertCustomFieldDefinition } from '~/models/custom-field-store.server';
import { getEmployeeByEmail } from '~/models/employee.server';
import {
  announceDefinitionsChange,
  confirmedJoinPath,
  e2eDatabase,
  expect,
  seriousA11yViolations,
  signIn,
  test,
} from './fixtures';
import { E2E_BASE_URL } from './e2e-env';
import { saveReadmePicture } from './readme-pictures';

const picture = (name: string) => `custom-fields/${name}`;

/** One of each type; the choice fields list their options, one per line. */
const FIELDS = [
  { key: 'pronouns', type: 'Short text', label: 'Pronouns', visibility: 'Everyone signed in', section: 'About me' },
  { key: 'how_i_work', type: 'Long text', label: 'How I work', visibility: 'Everyone signed in', section: 'About me' },
  {
    key: 'shirt_size',
    type: 'One choice from a list',
    label: 'T-shirt size',
    visibility: 'Everyone signed in',
    options: 'Small\nMedium\nLarge',
  },
  {
    key: 'languages',
    type: 'Several choices from a list',
    label: 'Languages spoken',
    visibility: 'Everyone signed in',
    options: 'English\nWelsh\nBasque',
    section: 'About me',
  },
  { key: 'anniversary', type: 'Date', label: 'Work anniversary', visibility: 'Everyone signed in' },
  { key: 'desk_floor', type: 'Number', label: 'Desk floor', visibility: "The person's managers and HR" },
  { key: 'portfolio', type: 'Web address (URL)', label: 'Portfolio', visibility: 'Everyone signed in' },
  { key: 'second_email', type: 'Email address', label: 'Second email', visibility: 'The person and HR' },
  { key: 'home_phone', type: 'Phone number', label: 'Landline', visibility: 'The person and HR' },
] as const;

test.afterAll(async () => {
  // Retired, so the suites that follow (the visual snapshots of /me among them) see the forms as before.
  const db = e2eDatabase();
  await db.sequelize.query('UPDATE field_definitions SET is_retired = 1', { type: QueryTypes.UPDATE });
  await db.sequelize.query("UPDATE field_definitions_version SET version = version + 1 WHERE name = 'fields'", {
    type: QueryTypes.UPDATE,
  });
  await announceDefinitionsChange([...FIELDS.map((field) => field.key), 'home_site'], ['retired']);
});

test('HR defines a field of each type; an employee fills them on /me; each reader sees what the field allows', async ({
  adminPage,
  employeePage,
  employee,
  browser,
  makeEmployee,
}) => {
  test.setTimeout(120_000);
  const colleague = await makeEmployee({ firstName: 'Cora' });

  await adminPage.goto('/admin');
  await adminPage.getByRole('navigation', { name: 'HR admin' }).getByRole('link', { name: 'Profile fields' }).click();
  await expect(adminPage.getByRole('heading', { name: 'Profile fields', level: 1 })).toBeVisible();
  const addForm = adminPage.locator('form').filter({ has: adminPage.getByRole('button', { name: 'Add field' }) });

  // A bad key is refused beside its field.
  await addForm.getByLabel('Key', { exact: true }).fill('Pronouns!');
  await addForm.getByLabel('Label', { exact: true }).fill('Pronouns');
  await addForm.getByRole('button', { name: 'Add field' }).click();
  await expect(addForm.getByText('Key: 2 to 40 lower-case letters')).toBeVisible();

  for (const field of FIELDS) {
    const form = adminPage.locator('form').filter({ has: adminPage.getByRole('button', { name: 'Add field' }) });
    await form.getByLabel('Key', { exact: true }).fill(field.key);
    await form.getByLabel('Type', { exact: true }).selectOption({ label: field.type });
    await form.getByLabel('Label', { exact: true }).fill(field.label);
    await form.getByLabel('Who may see it').selectOption({ label: field.visibility });
    await form.getByLabel('Who may change it').selectOption({
      label: field.visibility.startsWith("The person's managers") ? 'HR only' : 'The person (and HR)',
    });
    if ('options' in field) await form.getByLabel('Choices (for a list of choices)').fill(field.options);
    if ('section' in field) await form.getByLabel('Section (optional)').fill(field.section);
    if (field.key === 'pronouns')
      await form.getByLabel('Help text (optional)').fill('As you would like colleagues to use them.');
    await form.getByRole('button', { name: 'Add field' }).click();
    await expect(adminPage.getByRole('status').filter({ hasText: `Field “${field.label}” added.` })).toBeVisible();
    // The add form starts afresh once the list shows the new field: typing before that (a slow revalidation
    // under load) was wiped by the reset and sent an empty form.
    await expect(adminPage.getByTestId('custom-field')).toHaveCount(FIELDS.indexOf(field) + 1);
  }
  await expect(adminPage.getByTestId('custom-field')).toHaveCount(FIELDS.length);
  // Each add starts from an empty form: nothing typed for one field is carried into the next.
  await expect(addForm.getByLabel('Key', { exact: true })).toHaveValue('');
  await expect(addForm.getByLabel('Section (optional)')).toHaveValue('');
  expect(await seriousA11yViolations(adminPage)).toEqual([]);
  await saveReadmePicture(adminPage, picture('admin-fields'));

  // The employee fills the ones HR lets them change (the desk floor is HR's).
  await employeePage.goto('/me');
  const me = employeePage
    .locator('form')
    .filter({ has: employeePage.getByRole('button', { name: 'Save my profile' }) });
  await expect(me.getByLabel('Desk floor (optional)')).toHaveCount(0);
  await expect(me.getByText('As you would like colleagues to use them.')).toHaveCount(1);
  await me.getByLabel('Pronouns (optional)').fill('she/her');
  await me.getByLabel('How I work (optional)').fill('Mornings for deep work; async first.');
  await me.getByLabel('T-shirt size (optional)').selectOption({ label: 'Medium' });
  await me.getByRole('group', { name: 'Languages spoken (optional)' }).getByLabel('Welsh').check();
  await me.getByRole('group', { name: 'Languages spoken (optional)' }).getByLabel('Basque').check();
  await me.getByLabel('Work anniversary (optional)').fill('2019-05-04');
  await me.getByLabel('Portfolio (optional)').fill('not a web address');
  await me.getByLabel('Second email (optional)').fill('she@alt.example');
  await me.getByLabel('Landline (optional)').fill('+44 20 7946 0123');
  await me.getByRole('button', { name: 'Save my profile' }).click();
  await expect(me.getByLabel('Portfolio (optional)')).toHaveAttribute('aria-invalid', 'true');
  await expect(me.getByText('Portfolio must be a web address starting with https:// or http://')).toBeVisible();
  expect(await seriousA11yViolations(employeePage)).toEqual([]);
  await saveReadmePicture(me.getByTestId('custom-field-inputs').first(), picture('me-refused'));
  await me.getByLabel('Portfolio (optional)').fill('https://portfolio.example/she');
  await me.getByRole('button', { name: 'Save my profile' }).click();
  await expect(employeePage.getByRole('status').filter({ hasText: 'Your profile is saved.' })).toBeVisible();

  // HR fills the desk floor, which only HR may change and the person's managers and HR may see.
  await adminPage.goto(`/admin/employees/${employee.id}`);
  await adminPage.getByLabel('Desk floor (optional)').fill('4');
  await adminPage.getByRole('button', { name: 'Save profile' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();

  // The person: everything but the desk floor.
  await employeePage.goto('/me');
  const own = employeePage.getByTestId('custom-fields');
  await expect(own.getByText('she/her')).toBeVisible();
  await expect(own.getByText('Welsh, Basque')).toBeVisible();
  await expect(own.getByText('she@alt.example')).toBeVisible();
  await expect(own.getByText('Desk floor')).toHaveCount(0);
  await saveReadmePicture(employeePage, picture('profile-as-the-person'));

  // A colleague: the fields everyone may see.
  const colleagueContext = await browser.newContext({ baseURL: E2E_BASE_URL });
  await signIn(colleagueContext, colleague);
  const colleaguePage = await colleagueContext.newPage();
  await colleaguePage.goto(`/employees/${employee.id}`);
  const shown = colleaguePage.getByTestId('custom-fields');
  await expect(shown.getByText('she/her')).toBeVisible();
  await expect(shown.getByText('Medium')).toBeVisible();
  await expect(shown.getByRole('link', { name: 'https://portfolio.example/she' })).toBeVisible();
  await expect(colleaguePage.getByText('she@alt.example')).toHaveCount(0);
  await expect(colleaguePage.getByText('+44 20 7946 0123')).toHaveCount(0);
  await expect(colleaguePage.getByText('Desk floor')).toHaveCount(0);
  await saveReadmePicture(colleaguePage, picture('profile-as-a-colleague'));
  await colleagueContext.close();

  // HR: every one, the desk floor included.
  await adminPage.goto(`/employees/${employee.id}`);
  const asHr = adminPage.getByTestId('custom-fields');
  await expect(asHr.getByText('she@alt.example')).toBeVisible();
  await expect(asHr.getByText('Desk floor')).toBeVisible();
  await saveReadmePicture(adminPage, picture('profile-as-hr'));
});

test('a newcomer fills a required field HR defined on the join form; left empty, it is refused and nothing is kept', async ({
  page,
}) => {
  // Defined through the store as /admin/fields does (the walk above covers that page); after the walk, so that the
  // employee's /me there does not ask for it.
  await insertCustomFieldDefinition(e2eDatabase(), {
    key: 'home_site',
    label: 'Home site',
    helpText: 'Where you will mostly work from.',
    type: 'one-choice',
    required: true,
    visibility: 'everyone',
    editableBy: 'person',
    searchable: false,
    facet: false,
    needsApproval: false,
    section: 'Getting started',
    retired: false,
    options: [
      { value: 'lisbon', label: 'Lisbon', retired: false },
      { value: 'cardiff', label: 'Cardiff', retired: false },
    ],
  });
  await announceDefinitionsChange(['home_site'], ['added']);
  const email = `home.site.${Date.now()}@xyz.example`;
  await page.goto(await confirmedJoinPath(email));
  await page.getByLabel('First name').fill('Nia');
  await page.getByLabel('Last name').fill('Newcomer');
  await page.getByLabel('Job title').fill('Engineer');
  await page.getByLabel('Department').fill('Engineering');
  await page.getByLabel('Password', { exact: true }).fill('a long and private password 2026');
  await page.getByRole('button', { name: 'Create my profile' }).click();
  const site = page.getByLabel('Home site', { exact: true });
  await expect(site).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Home site is required')).toBeVisible();
  expect(await getEmployeeByEmail(e2eDatabase(), email)).toBeNull();
  // The section holding it (the fields the walk above defined are offered too, in sections of their own).
  await saveReadmePicture(
    page.getByTestId('custom-field-inputs').filter({ hasText: 'Getting started' }),
    picture('join-required-refused'),
  );

  await site.selectOption({ label: 'Cardiff' });
  await page.getByRole('button', { name: 'Create my profile' }).click();
  await expect(page).toHaveURL(/\/me\?welcome=1$/);
  const joined = await getEmployeeByEmail(e2eDatabase(), email);
  expect(JSON.parse(joined!.customFields!)).toEqual({ home_site: 'cardiff' });
});

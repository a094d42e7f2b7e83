/**
 * An employee's data rights as the employee, HR and an operator meet them, end to end in the browser: a joiner
 * agrees to the face check (docs/decisions/206-face-check-consent.md), reads /privacy from their profile, downloads
 * "My data" and sees HR's look in "Who viewed your private details" (docs/decisions/320-personal-archive-and-view-log.md);
 * HR deactivates them and erases them through the preview (docs/decisions/020-erasure-as-a-durable-job.md), and the
 * residue scan an operator runs (`npm run privacy:residue`) finds them everywhere before and nowhere after.
 *
 * The pictures of the README's "Your data rights" (docs/screenshots/data-rights/) are taken here, when asked:
 *   README_PICTURES=1 npx playwright test e2e/data-rights.spec.ts
 */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { answerFaceCheck, deleteEmployeeByEmail, e2eDatabase, expect, openConfirmedJoinForm, test } from './fixtures';
import { E2E_SERVER_ENV } from './e2e-env';
import { writePortraitJpeg } from './images';
import { randomLetters } from './names';
import { saveReadmePicture } from './readme-pictures';

const picture = (name: string) => `data-rights/${name}`;

const digits = (count: number) => Array.from({ length: count }, () => Math.floor(Math.random() * 10)).join('');

/** The joiner, with values found nowhere else, so the residue scan's hits are theirs alone. */
const lastName = `Rights${randomLetters(6)}`;
const person = {
  firstName: 'Rhea',
  lastName,
  displayName: `Rhea ${lastName}`,
  workEmail: `rhea.${lastName.toLowerCase()}@xyz.example`,
  personalEmail: `rhea.${lastName.toLowerCase()}@home.example`,
  personalPhone: `+44 7700 9${digits(5)}`,
  emergencyName: `Kit ${lastName}`,
  emergencyPhone: `+44 7700 8${digits(5)}`,
  password: 'my data is mine to keep',
};
/** Learnt as the walk goes: the id the join gave them and their employee number. */
let employeeId = '';
let employeeNumber = '';

interface ScanResult {
  exitCode: number;
  output: string;
}

/**
 * `npm run privacy:residue -- <id> [...]` as an operator runs it beside the server: the same command, with the
 * server's own environment (its DATA_DIR, so the same database, emulators and mail folder).
 */
function runResidueScan(args: string[]): Promise<ScanResult> {
  const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
  const env = { ...process.env, ...E2E_SERVER_ENV, DATABASE_URL: '' } as NodeJS.ProcessEnv;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsx, 'scripts/privacy-residue.ts', ...args],
      { env, encoding: 'utf8', timeout: 60_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ exitCode, output: `${stdout}${stderr}` });
      },
    );
  });
}

test.describe.serial("an employee's data rights, from joining to erasure", () => {
  test.afterAll(async () => deleteEmployeeByEmail(person.workEmail));

  test('a joiner agrees to the face check, reads /privacy, downloads My data and sees who viewed their details', async ({
    page,
    adminPage,
    admin,
  }, testInfo) => {
    test.setTimeout(90_000);
    // Joins with a photo, and says yes to the face check after reading the notice.
    await openConfirmedJoinForm(page, person.workEmail);
    await page.getByLabel('First name').fill(person.firstName);
    await page.getByLabel('Last name').fill(person.lastName);
    await page.getByLabel('Job title').fill('Records Officer');
    await page.getByLabel('Department').fill('Legal');
    await page.getByLabel('Personal email (optional)').fill(person.personalEmail);
    await page.getByLabel('Personal phone (optional)').fill(person.personalPhone);
    await page.getByLabel('Emergency contact name (optional)').fill(person.emergencyName);
    await page.getByLabel('Emergency contact phone (optional)').fill(person.emergencyPhone);
    await page.getByLabel('Photo').setInputFiles(await writePortraitJpeg(testInfo.outputPath('portrait.jpg')));
    const notice = page.getByRole('group', { name: 'Consent to the face check' });
    await expect(notice).toContainText('You may say no.');
    await answerFaceCheck(page, 'yes');
    await saveReadmePicture(notice, picture('1-join-consent-notice'));
    await page.getByLabel('Password', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await expect(page).toHaveURL(/\/me\?welcome=1$/, { timeout: 30_000 });

    const [row] = await e2eDatabase().sequelize.query<{ id: string; employee_number: string }>(
      'SELECT id, employee_number FROM employees WHERE work_email_normalized = :email',
      { replacements: { email: person.workEmail }, type: QueryTypes.SELECT },
    );
    employeeId = row!.id;
    employeeNumber = row!.employee_number;

    // The photo is checked with their consent and goes on the profile.
    await expect(async () => {
      await page.goto('/me');
      await expect(page.locator('[data-photo-state="ready"]')).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    const faceCheck = page.getByTestId('face-check-consent');
    await expect(faceCheck).toContainText('You agreed to the face check');
    const noticeVersion = /notice version ([^)]+)\)/.exec((await faceCheck.textContent()) ?? '')?.[1];
    expect(noticeVersion, 'the notice version on /me').toBeTruthy();
    await saveReadmePicture(faceCheck, picture('2-me-face-check'));

    // /privacy, from the link on their profile page: the retention periods and the notice version in force.
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    await expect(page).toHaveURL(/\/privacy$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your data in XYZ People');
    const retention = page.getByTestId('retention');
    await expect(retention).toContainText('A rejected or abandoned application: 90 days, then erased.');
    await expect(retention).toContainText('A profile after its deactivation: 730 days, then erased.');
    await expect(retention).toContainText('Face references after a deactivation: 30 days, then deleted.');
    await expect(page.locator('main')).toContainText(`notice version ${noticeVersion}`);
    await expect(page.getByTestId('stores').getByRole('row')).not.toHaveCount(0);
    await saveReadmePicture(page, picture('9-privacy'));

    // HR opens their page (and activates them there): the consent answer is on it, and the look is logged.
    await adminPage.goto(`/admin/employees/${employeeId}`);
    await expect(adminPage.getByTestId('face-check-consent-record')).toContainText(`Consent given when joining, `);
    await expect(adminPage.getByTestId('face-check-consent-record')).toContainText(
      `notice version ${noticeVersion}. Their photos are checked.`,
    );
    await adminPage.getByRole('button', { name: 'Activate', exact: true }).click();
    await expect(adminPage.getByRole('status').filter({ hasText: 'Activated' })).toBeVisible();
    const hrViews = adminPage.getByTestId('private-detail-views');
    await expect(hrViews.getByRole('row').filter({ hasText: admin.displayName })).toContainText("HR's employee page");
    await saveReadmePicture(adminPage.getByTestId('face-check-consent-record'), picture('5-hr-consent-record'));
    await saveReadmePicture(hrViews, picture('6-hr-view-log'));

    // The person sees HR's look: who, where and which fields, never the values.
    await page.goto('/me');
    const views = page.getByTestId('private-detail-views');
    await expect(views.getByRole('heading')).toHaveText('Who viewed your private details');
    const look = views.getByRole('row').filter({ hasText: admin.displayName });
    await expect(look).toHaveCount(1);
    await expect(look).toContainText("HR's employee page");
    await expect(look).toContainText('personal email, personal phone, emergency contact, emergency phone');
    await expect(views).not.toContainText(person.personalPhone);
    await saveReadmePicture(views, picture('3-me-who-viewed'));

    // "My data": one ZIP with a README and everything held about them, their photo included.
    const myData = page.getByTestId('personal-archive');
    await saveReadmePicture(myData, picture('4-me-my-data'));
    const downloading = page.waitForEvent('download');
    await myData.getByRole('link', { name: 'Download my data (ZIP)' }).click();
    const download = await downloading;
    const zip = testInfo.outputPath('my-data.zip');
    await download.saveAs(zip);
    const entries = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
    expect(entries.slice(0, 2)).toEqual(['README.txt', 'data.json']);
    expect(entries.some((entry) => /^photos\/current\/[^/]+\/original\.jpg$/.test(entry))).toBe(true);
    execFileSync('unzip', ['-tq', zip]);
    const data = JSON.parse(execFileSync('unzip', ['-p', zip, 'data.json'], { encoding: 'utf8' }));
    expect(data.employeeId).toBe(employeeId);
    expect(data.profile).toMatchObject({
      firstName: person.firstName,
      lastName: person.lastName,
      workEmail: person.workEmail,
      personalPhone: person.personalPhone,
      emergencyContactName: person.emergencyName,
    });
    expect(data.privateDetailViews).toContainEqual(
      expect.objectContaining({ viewer: admin.displayName, where: "HR's employee page" }),
    );
    expect(data.faceCheckConsent).toBeTruthy();
    expect(execFileSync('unzip', ['-p', zip, 'README.txt'], { encoding: 'utf8' })).toContain('data.json');
  });

  test('HR deactivates and erases them: the preview, the tombstone, and the residue scan finds nothing', async ({
    page,
    adminPage,
  }) => {
    test.setTimeout(120_000);
    expect(employeeId, 'the first test made the person').not.toBe('');

    await adminPage.goto(`/admin/employees/${employeeId}`);
    await adminPage.getByRole('button', { name: 'Deactivate…' }).click();
    await adminPage
      .getByTestId('deactivate-confirmation')
      .getByRole('button', { name: `Deactivate ${person.displayName}` })
      .click();
    await expect(adminPage.getByRole('status').filter({ hasText: 'Deactivated' })).toBeVisible();

    // Before: the operator's scan finds them in every store, their face reference included (so that its 0 after
    // the erasure means something: it reads the server's own stores).
    const before = await runResidueScan([employeeId]);
    expect(before.output).toContain('stores: the emulators of the server running on this DATA_DIR');
    expect(before.exitCode, before.output).toBe(1);
    for (const found of [
      /HIT {2}database employees\.personal_phone .*: phone number/,
      /HIT {2}dynamodb EMP#\S+ PHOTO#\S+: face reference/,
      /HIT {2}s3 {7}originals\//,
    ]) {
      expect(before.output).toMatch(found);
    }

    // The preview, store by store, then the erasure with a reason.
    await adminPage.getByRole('link', { name: 'Erase…' }).click();
    await expect(adminPage.getByRole('heading', { level: 1 })).toHaveText(`Erase ${person.displayName}`);
    const preview = adminPage.getByRole('table', { name: 'What the erasure removes, store by store' });
    const countOf = (what: string) => preview.getByRole('row').filter({ hasText: what }).getByRole('cell').last();
    await expect(preview).toContainText('employees rows');
    await expect(countOf('photo records (with their face references)')).toHaveText('1');
    await expect(countOf('face references on photo records')).toHaveText('1');
    // A joiner has written nothing in anyone else's log (their own entries are counted as about them).
    await expect(countOf('entries they wrote about others')).toHaveText('0');
    await expect(countOf('object versions (originals and renditions)')).not.toHaveText('0');
    await saveReadmePicture(adminPage, picture('7-erase-preview'));
    await adminPage.getByLabel('Reason (kept in the record)').fill('Asked to be forgotten after leaving.');
    await adminPage.getByRole('button', { name: `Erase ${person.displayName}` }).click();

    // The job runs in the server's primary; the page says so until it is done, then shows only the tombstone.
    const record = adminPage.getByTestId('erasure-record');
    await expect(async () => {
      await adminPage.goto(`/admin/employees/${employeeId}/erase`);
      await expect(record.getByRole('heading')).toHaveText('Erased', { timeout: 1000 });
    }).toPass({ timeout: 60_000, intervals: [1000] });
    await expect(adminPage.getByRole('heading', { level: 1 })).toHaveText('Erased profile');
    await expect(record).toContainText('Asked to be forgotten after leaving.');
    const main = adminPage.locator('main');
    for (const value of [person.lastName, person.workEmail, person.personalPhone, employeeNumber]) {
      await expect(main).not.toContainText(value);
    }
    await saveReadmePicture(adminPage, picture('8-erased'));

    // The profile and the sign-in are gone.
    expect((await adminPage.goto(`/admin/employees/${employeeId}`))?.status()).toBe(404);
    expect((await adminPage.goto(`/employees/${employeeId}`))?.status()).toBe(404);
    await page.goto('/login');
    await page.getByLabel('Work email').fill(person.workEmail);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('That email and password do not match an account.')).toBeVisible();

    // After: nothing but the tombstone, searched for by everything the operator knew of them.
    const after = await runResidueScan([
      employeeId,
      `--email=${person.workEmail}`,
      `--email=${person.personalEmail}`,
      `--name=${person.displayName}`,
      `--name=${person.lastName} ${person.firstName}`,
      `--name=${person.emergencyName}`,
      `--employee-number=${employeeNumber}`,
      `--phone=${person.personalPhone}`,
      `--phone=${person.emergencyPhone}`,
    ]);
    expect(after.output).toContain('identifiers: the row is gone; the id and the options');
    expect(after.output).toContain('tombstone rows (expected): 1');
    expect(after.output).toMatch(/^0 hits$/m);
    expect(after.exitCode, after.output).toBe(0);
    expect(after.output).toMatch(/dynamodbItems [1-9]/);
    // For the walk's note (test-results/e2e.json keeps the output).
    console.log(`residue scan before the erasure:\n${before.output}\nresidue scan after it:\n${after.output}`);
  });
});

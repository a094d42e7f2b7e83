/**
 * The CSV import's columns for the fields HR defines (app/routes/admin/import-custom-fields.ts): a `custom.<key>`
 * column per field, each cell checked with the form's message and reported by row and label, choices read by their
 * labels as the export writes them, unknown and retired columns refused by name, a required field's column
 * required, and nothing written when any row is wrong. On SQLite and MariaDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertCustomFieldDefinition,
  listCustomFieldDefinitions,
  updateCustomFieldDefinition,
} from '~/models/custom-field-store.server';
import type { CustomFieldDefinition } from '~/models/custom-fields';
import { getEmployeeByEmail } from '~/models/employee.server';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { TEST_DIALECTS } from '@test-support/databases';
import { importEmployeesCsv } from './import.server';

const field = (
  key: string,
  label: string,
  type: CustomFieldDefinition['type'],
  more: Partial<CustomFieldDefinition> = {},
): Omit<CustomFieldDefinition, 'position'> => ({
  key,
  label,
  helpText: null,
  type,
  required: false,
  visibility: 'everyone',
  editableBy: 'person',
  searchable: false,
  facet: false,
  needsApproval: false,
  section: null,
  retired: false,
  options: [],
  ...more,
});

const BASE = 'firstName,lastName,workEmail,jobTitle,department';

describe.each(TEST_DIALECTS)('CSV import of the fields HR defines on %s', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ dialect, photoTrigger: false });
    await insertCustomFieldDefinition(platform.db, field('desk_floor', 'Desk floor', 'number', { required: true }));
    await insertCustomFieldDefinition(
      platform.db,
      field('shirt', 'T-shirt size', 'one-choice', {
        options: [
          { value: 'small', label: 'Small', retired: false },
          { value: 'large', label: 'Large', retired: false },
          { value: 'huge', label: 'Huge', retired: true },
        ],
      }),
    );
    await insertCustomFieldDefinition(
      platform.db,
      field('languages', 'Languages', 'several-choices', {
        options: [
          { value: 'welsh', label: 'Welsh', retired: false },
          { value: 'basque', label: 'Basque, Euskara', retired: false },
        ],
      }),
    );
    await insertCustomFieldDefinition(platform.db, field('old_code', 'Old code', 'short-text'));
    await updateCustomFieldDefinition(platform.db, 'old_code', (old) => ({ ...old, retired: true }));
    platform.customFields = await listCustomFieldDefinitions(platform.db);
  });
  afterAll(async () => platform?.close());

  const storedValues = async (email: string) => {
    const employee = await getEmployeeByEmail(platform.db, email);
    return employee ? JSON.parse(employee.customFields ?? 'null') : undefined;
  };

  it('reports each wrong cell by row and label with the form message, and imports nothing', async () => {
    const result = await importEmployeesCsv(
      platform,
      'admin-1',
      [
        `${BASE},custom.desk_floor,custom.shirt,custom.languages`,
        'Ann,Ok,ann.ok@xyz.example,Engineer,Engineering,4,Large,"Welsh, Basque, Euskara"',
        'Bo,Bad,bo.bad@xyz.example,Engineer,Engineering,fourth,Huge,Klingon',
        'Cy,Blank,cy.blank@xyz.example,Engineer,Engineering,,,',
      ].join('\n'),
    );
    expect(result.ok).toBe(false);
    expect(result.rows.map((row) => [row.line, row.errors])).toEqual([
      [2, []],
      [
        3,
        [
          'Desk floor: Desk floor must be a number, such as 42 or 3.5',
          'T-shirt size: T-shirt size: pick one of the options offered',
          'Languages: Languages: pick from the options offered',
        ],
      ],
      [4, ['Desk floor: Desk floor is required']],
    ]);
    expect(await getEmployeeByEmail(platform.db, 'ann.ok@xyz.example')).toBeNull();
  });

  it('stores the values with each new employee, choices by their stable values', async () => {
    const result = await importEmployeesCsv(
      platform,
      'admin-1',
      [
        `${BASE},custom.desk_floor,custom.shirt,custom.languages`,
        'Ann,Ok,ann.ok@xyz.example,Engineer,Engineering,4,large,"Welsh, Basque, Euskara"',
        'Dee,Min,dee.min@xyz.example,Engineer,Engineering,2,,',
      ].join('\n'),
    );
    expect(result).toMatchObject({ ok: true, imported: 2 });
    expect(await storedValues('ann.ok@xyz.example')).toEqual({
      desk_floor: '4',
      shirt: 'large',
      languages: ['welsh', 'basque'],
    });
    expect(await storedValues('dee.min@xyz.example')).toEqual({ desk_floor: '2' });
  });

  it('refuses an unknown or retired column by name, and a file without a required field’s column', async () => {
    const unknown = await importEmployeesCsv(
      platform,
      'admin-1',
      `${BASE},custom.desk_floor,custom.nope,custom.old_code\nEd,X,ed.x@xyz.example,Engineer,Engineering,1,a,b\n`,
    );
    expect(unknown).toMatchObject({
      ok: false,
      fileError:
        'The header row is not right (unknown columns: custom.nope (no field has the key “nope”), ' +
        'custom.old_code (the field “Old code” is retired)).',
    });
    const missing = await importEmployeesCsv(platform, 'admin-1', `${BASE}\nEd,X,ed.x@xyz.example,Engineer,Eng\n`);
    expect(missing).toMatchObject({
      ok: false,
      fileError: 'The header row is not right (missing column: custom.desk_floor).',
    });
    expect(await getEmployeeByEmail(platform.db, 'ed.x@xyz.example')).toBeNull();
  });
});

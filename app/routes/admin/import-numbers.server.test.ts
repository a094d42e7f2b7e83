/**
 * Employee numbers in the CSV import (docs/decisions/019-employee-numbers-from-a-counter.md): a number the file
 * gives is kept as given, a number already in use is that row's field error (never a 500), and rows without one
 * get numbers from the counter that step over the file's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { TEST_DIALECTS } from '@test-support/databases';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { countEmployees, getEmployeeByEmail } from '~/models/employee.server';
import { createEmployee } from '~/services/employees.server';
import { importEmployeesCsv } from './import.server';

const HEADER = 'employeeNumber,firstName,lastName,workEmail,jobTitle,department';

describe.each(TEST_DIALECTS)('employee numbers in the CSV import on %s', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ dialect, photoTrigger: false });
  });
  afterAll(async () => platform?.close());

  it('keeps given numbers, and numbers the rest from the counter around them', async () => {
    const rows = [
      ',Ann,Counted,ann.counted@xyz.example,Engineer,Engineering',
      'E000002,Gil,Given,gil.given@xyz.example,Engineer,Engineering',
      'HR-0042,Hal,Given,hal.given@xyz.example,Engineer,Engineering',
      ',Cy,Counted,cy.counted@xyz.example,Engineer,Engineering',
    ];
    const result = await importEmployeesCsv(platform, 'admin-1', `${HEADER}\n${rows.join('\n')}\n`);
    expect(result).toMatchObject({ ok: true, imported: 4 });
    const numberOf = async (email: string) => (await getEmployeeByEmail(platform.db, email))?.employeeNumber;
    expect(await numberOf('ann.counted@xyz.example')).toBe('E000001');
    expect(await numberOf('gil.given@xyz.example')).toBe('E000002');
    expect(await numberOf('hal.given@xyz.example')).toBe('HR-0042');
    expect(await numberOf('cy.counted@xyz.example')).toBe('E000003');
  });

  it('reports a number already in use on its row and imports nothing', async () => {
    const joined = await createEmployee(platform, {
      fields: employeeFieldsSchema.parse({
        firstName: 'Jo',
        lastName: 'Joiner',
        workEmail: 'jo.joiner@xyz.example',
        jobTitle: 'Engineer',
        department: 'Engineering',
      }),
    });
    const before = await countEmployees(platform.db);
    const rows = [
      ',Ok,Row,ok.row@xyz.example,Engineer,Engineering',
      `${joined.employeeNumber},Dee,Duplicate,dee.duplicate@xyz.example,Engineer,Engineering`,
      'HR-0042,Hal,Again,hal.again@xyz.example,Engineer,Engineering',
    ];
    const result = await importEmployeesCsv(platform, 'admin-1', `${HEADER}\n${rows.join('\n')}\n`);
    expect(result).toMatchObject({ ok: false, fileError: null, imported: 0 });
    expect(result.rows).toEqual([
      { line: 2, workEmail: 'ok.row@xyz.example', errors: [] },
      {
        line: 3,
        workEmail: 'dee.duplicate@xyz.example',
        errors: ['employeeNumber: an employee with this number already exists'],
      },
      {
        line: 4,
        workEmail: 'hal.again@xyz.example',
        errors: ['employeeNumber: an employee with this number already exists'],
      },
    ]);
    expect(await countEmployees(platform.db)).toBe(before);
  });
});

/**
 * Loops in the reporting lines refused where HR writes managers
 * (docs/decisions/024-manager-loops-refused-where-written.md): a CSV file whose rows manage each other in a
 * loop names the people and lines on each of its rows and imports nothing; HR's edit refuses a manager who
 * already reports to the person, beside the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { countEmployees, getEmployee } from '~/models/employee.server';
import type { SessionUser } from '~/models/session-store.server';
import { createEmployee, updateEmployee } from '~/services/employees.server';
import { ManagerCycleError } from '~/services/manager-graph.server';
import { runEmployeePageAction } from './employee-page-actions.server';
import { importEmployeesCsv } from './import.server';

const HEADER = 'firstName,lastName,workEmail,jobTitle,department,managerEmail';

describe('manager loops written by HR', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: false });
  });
  afterAll(async () => platform?.close());

  it('refuses a file whose rows manage each other in a loop, naming them on each row, and imports nothing', async () => {
    const before = await countEmployees(platform.db);
    const rows = [
      'Fine,Row,fine.row@xyz.example,Engineer,Engineering,',
      'Ana,Loop,ana.loop@xyz.example,Engineer,Engineering,bo.loop@xyz.example',
      'Bo,Loop,bo.loop@xyz.example,Engineer,Engineering,cy.loop@xyz.example',
      'Cy,Loop,cy.loop@xyz.example,Engineer,Engineering,ana.loop@xyz.example',
    ];
    const result = await importEmployeesCsv(platform, 'admin-1', `${HEADER}\n${rows.join('\n')}\n`);
    expect(result).toMatchObject({ ok: false, imported: 0 });
    const loop =
      'managerEmail: the managers in this file form a loop: ' +
      'Ana Loop (line 3), then Bo Loop (line 4), then Cy Loop (line 5), each reporting to the next';
    expect(result.rows.map((row) => [row.line, row.errors])).toEqual([
      [2, []],
      [3, [loop]],
      [4, [loop]],
      [5, [loop]],
    ]);
    expect(await countEmployees(platform.db)).toBe(before);
  });

  it("refuses in HR's edit a manager who already reports to the person, and writes nothing", async () => {
    const fields = (firstName: string, managerId = '') =>
      employeeFieldsSchema.parse({
        firstName,
        lastName: 'Edit',
        workEmail: `${firstName.toLowerCase()}.edit@xyz.example`,
        jobTitle: 'Engineer',
        department: 'Engineering',
        managerId,
      });
    const dee = await createEmployee(platform, { fields: fields('Dee'), status: 'active' });
    const eli = await createEmployee(platform, { fields: fields('Eli', dee.id), status: 'active' });
    const form = new FormData();
    for (const [name, value] of Object.entries({
      intent: 'profile',
      firstName: 'Dee',
      lastName: 'Edit',
      workEmail: 'dee.edit@xyz.example',
      jobTitle: 'Engineer',
      department: 'Engineering',
      managerEmail: 'eli.edit@xyz.example',
    }))
      form.set(name, value);
    const admin = { id: 'admin-1', role: 'admin', status: 'active' } as SessionUser;
    const answer = await runEmployeePageAction(platform, admin, dee.id, form);
    const message = 'Dee Edit cannot report to Eli Edit: Eli Edit reports to Dee Edit, which would make a loop.';
    expect(answer).toMatchObject({ ok: false, errors: { managerEmail: message } });
    // The service itself refuses too, whatever form sent it.
    await expect(updateEmployee(platform, 'admin-1', dee.id, fields('Dee', eli.id))).rejects.toThrow(ManagerCycleError);
    expect((await getEmployee(platform.db, dee.id, 'public'))!.managerId).toBeNull();
  });
});

/**
 * The guard against loops in the reporting lines (docs/decisions/024-manager-loops-refused-where-written.md), on
 * each engine: oneself, a direct and an indirect loop refused with the people named, a long line allowed, and two
 * edits that would close a loop together, racing, of which exactly one passes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { getEmployee, insertEmployee } from '~/models/employee.server';
import { listManagerLinks } from '~/models/manager-lines.server';
import { assertNoManagerCycle, ManagerCycleError, MANAGER_CHANGE_TRANSACTION } from './manager-graph.server';
import { findManagerLineFaults } from './org-health.server';

let serial = 0;
async function person(db: Database, firstName: string, managerId?: string) {
  serial += 1;
  const fields = employeeFieldsSchema.parse({
    firstName,
    lastName: 'Line',
    workEmail: `${firstName.toLowerCase()}-${serial}@xyz.example`,
    jobTitle: 'Engineer',
    department: 'Engineering',
    managerId: managerId ?? '',
  });
  return (await insertEmployee(db, { ...fields, status: 'active' })).id;
}

/**
 * What updateEmployee does with a new manager, with a pause between the check and the write: wide enough that,
 * without the writers' turn, two racing edits would both check before either writes.
 */
async function setManager(db: Database, employeeId: string, managerId: string) {
  await db.sequelize.transaction(MANAGER_CHANGE_TRANSACTION, async (transaction) => {
    await assertNoManagerCycle(db, { employeeId, managerId }, transaction);
    await sleep(150);
    await db.models.Employee.update({ managerId }, { where: { id: employeeId }, transaction });
  });
}

describe.each(TEST_DIALECTS)('manager loops on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    db = openDatabase(testDb.config);
    await migrateDatabase(db.sequelize);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('refuses oneself, a direct and an indirect loop, naming the people, and allows a long line', async () => {
    const ana = await person(db, 'Ana');
    const bo = await person(db, 'Bo', ana);
    const cy = await person(db, 'Cy', bo);
    const refusal = (employeeId: string, managerId: string) =>
      setManager(db, employeeId, managerId).then(
        () => 'allowed',
        (error: unknown) => (error instanceof ManagerCycleError ? error.message : Promise.reject(error)),
      );
    expect(await refusal(ana, ana)).toBe('Ana Line cannot be their own manager.');
    expect(await refusal(ana, bo)).toBe(
      'Ana Line cannot report to Bo Line: Bo Line reports to Ana Line, which would make a loop.',
    );
    expect(await refusal(ana, cy)).toBe(
      'Ana Line cannot report to Cy Line: Cy Line already reports to Ana Line through Bo Line, which would make a loop.',
    );
    expect((await getEmployee(db, ana, 'public'))!.managerId).toBeNull();
    // Thirty levels, far deeper than a real line: the top may still move under someone outside it.
    let below = cy;
    for (let level = 0; level < 30; level++)
      below = await person(db, `Deep${'abcdefghijklmnopqrstuvwxyzABCD'[level]}`, below);
    const outsider = await person(db, 'Out');
    expect(await refusal(ana, below)).toMatch(
      /^Ana Line cannot report to DeepD Line: DeepD Line already reports to Ana Line through DeepC Line, then /,
    );
    expect(await refusal(ana, outsider)).toBe('allowed');
  });

  it('lets only one of two racing edits that would close a loop together pass', async () => {
    const dee = await person(db, 'Dee');
    const eli = await person(db, 'Eli');
    const results = await Promise.allSettled([setManager(db, dee, eli), setManager(db, eli, dee)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ManagerCycleError);
    expect(findManagerLineFaults(await listManagerLinks(db)).loops).toEqual([]);
  });
});

/**
 * Employee numbers from the counter (docs/decisions/019-employee-numbers-from-a-counter.md): the format users
 * already know, numbers in use stepped over, and no collision among thousands of creations at once, on each
 * dialect. Before the counter, six random digits collided about once per 2,500 joins at 400 employees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryTypes } from 'sequelize';
import { openDatabase, closeDatabase, type Database } from '~/db/database.server';
import { DEFAULT_DATABASE_WAITS } from '~/db/connection.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import { employeeFieldsSchema } from './employee-fields';
import { DuplicateEmployeeError, insertEmployee } from './employee.server';
import { findTakenEmployeeNumbers, formatEmployeeNumber } from './employee-number.server';

const CONCURRENT_CREATIONS = 2_000;
/**
 * How many creations run at once, and how many typed numbers race each batch. The typed ones are single statements
 * outside a transaction: on SQLite those all wait on one connection, so a few are enough there.
 */
const BATCH = { sqlite: { creations: 250, typed: 2 }, mariadb: { creations: 250, typed: 10 } } as const;

let serial = 0;
function person(label: string) {
  serial += 1;
  return employeeFieldsSchema.parse({
    firstName: 'Nummer',
    lastName: label.replace(/-/g, ' '),
    workEmail: `${label}-${serial}@xyz.example`,
    jobTitle: 'Engineer',
    department: 'Engineering',
  });
}

async function allNumbers(db: Database): Promise<string[]> {
  const rows = await db.sequelize.query<{ employee_number: string }>('SELECT employee_number FROM employees', {
    type: QueryTypes.SELECT,
  });
  return rows.map((row) => row.employee_number);
}

describe.each(TEST_DIALECTS)('employee numbers on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    // Room for a few hundred creations waiting their turn at once: the default pool of 10 is a web server's. The
    // waits of a web request (5 s for a connection) are not what this measures: on a loaded machine a batch of 250
    // took longer than that to get through 50 connections, and failed on the wait, not on a number.
    db = openDatabase({
      ...testDb.config,
      poolMax: 50,
      waits: { ...DEFAULT_DATABASE_WAITS, acquireTimeoutMs: 60_000, lockWaitTimeoutSeconds: 30 },
    });
    await migrateDatabase(db.sequelize);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('assigns E and six digits, counting up from E000001, and keeps a given number as given', async () => {
    const first = await insertEmployee(db, person('first'));
    const second = await insertEmployee(db, person('second'));
    const imported = await insertEmployee(db, { ...person('imported'), employeeNumber: 'HR-77' });
    expect([first.employeeNumber, second.employeeNumber]).toEqual(['E000001', 'E000002']);
    expect(imported.employeeNumber).toBe('HR-77');
    expect(formatEmployeeNumber(1_000_000)).toBe('E1000000');
  });

  it('steps over numbers already in use ahead of the counter, as the unique index compares them', async () => {
    // An import typed E000003 to E000040; and e000041, which MySQL's collation counts as E000041 and SQLite does not.
    for (let value = 3; value <= 40; value += 1)
      await insertEmployee(db, { ...person('typed'), employeeNumber: formatEmployeeNumber(value) });
    await insertEmployee(db, { ...person('lower'), employeeNumber: 'e000041' });
    const next = await insertEmployee(db, person('after-typed'));
    expect(next.employeeNumber).toBe(dialect === 'sqlite' ? 'E000041' : 'E000042');
    const taken = await findTakenEmployeeNumbers(db, ['E000040', 'E000999', 'HR-77', 'hr-77']);
    expect([...taken].sort()).toEqual(dialect === 'sqlite' ? ['E000040', 'HR-77'] : ['E000040', 'HR-77', 'hr-77']);
  });

  it(`gives ${CONCURRENT_CREATIONS} creations at once distinct numbers while an import types numbers in their way`, async () => {
    const batch = BATCH[dialect];
    const before = new Set(await allNumbers(db));
    const started = performance.now();
    const assigned: string[] = [];
    let typedKept = 0;
    let typedRefused = 0;
    let typedTries = 0;
    while (assigned.length < CONCURRENT_CREATIONS) {
      // Numbers typed just ahead of where the counter is heading, racing the allocations of this batch.
      const typed = Array.from({ length: batch.typed }, (_, index) =>
        formatEmployeeNumber(100 + assigned.length + typedTries + index * 20),
      ).map((employeeNumber) =>
        insertEmployee(db, { ...person('raced'), employeeNumber }).then(
          () => (typedKept += 1),
          (error) => {
            // A typed number the counter reached first is the typist's field error, never a generated one's.
            expect(error).toBeInstanceOf(DuplicateEmployeeError);
            expect(error.field).toBe('employeeNumber');
            typedRefused += 1;
          },
        ),
      );
      typedTries += batch.typed;
      const creations = Math.min(batch.creations, CONCURRENT_CREATIONS - assigned.length);
      const created = await Promise.all([
        ...Array.from({ length: creations }, () => insertEmployee(db, person('concurrent'))),
        ...typed,
      ]);
      for (const employee of created) if (typeof employee === 'object') assigned.push(employee.employeeNumber);
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `${dialect}: ${CONCURRENT_CREATIONS} concurrent creations (${batch.creations} at a time) in ${seconds.toFixed(1)} s; ` +
        `typed numbers racing them: ${typedKept} kept, ${typedRefused} refused as taken`,
    );

    expect(assigned).toHaveLength(CONCURRENT_CREATIONS);
    expect(new Set(assigned).size).toBe(CONCURRENT_CREATIONS);
    expect(assigned.every((number) => /^E\d{6}$/.test(number) && !before.has(number))).toBe(true);
    const numbers = await allNumbers(db);
    expect(new Set(numbers.map((number) => (dialect === 'sqlite' ? number : number.toUpperCase()))).size).toBe(
      numbers.length,
    );
    expect(typedKept + typedRefused).toBe(typedTries);
  }, 180_000);
});

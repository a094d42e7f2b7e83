import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import { employeeFieldsSchema } from './employee-fields';
import { listDirectory } from './employee-admin-listing.server';
import { listDepartments } from './employee-departments.server';
import {
  DuplicateEmployeeError,
  getEmployee,
  getEmployeeByEmail,
  insertEmployee,
  updateEmployeeFields,
} from './employee.server';
import { listDirectReports } from './team.server';

function fields(overrides: Record<string, string> = {}) {
  return employeeFieldsSchema.parse({
    firstName: 'Ada',
    lastName: 'Lovelace',
    workEmail: 'ada@xyz.example',
    jobTitle: 'Engineer',
    department: 'Engineering',
    personalEmail: 'ada@home.example',
    personalPhone: '+44 1234',
    emergencyContactName: 'Byron',
    emergencyContactPhone: '+44 999',
    ...overrides,
  });
}

describe.each(TEST_DIALECTS)('employee records on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    db = openDatabase(testDb.config);
    const first = await migrateDatabase(db.sequelize);
    expect(first.applied.length).toBeGreaterThan(0);
    const again = await migrateDatabase(db.sequelize);
    expect(again.applied).toEqual([]);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('really runs on the dialect under test', () => {
    expect(db.dialect).toBe(dialect === 'sqlite' ? 'sqlite' : 'mysql');
  });

  it('keeps personal fields out of the public projection and in the private one', async () => {
    const created = await insertEmployee(db, { ...fields({ workEmail: 'private@xyz.example' }), status: 'active' });
    const publicView = await getEmployee(db, created.id, 'public');
    const privateView = await getEmployee(db, created.id, 'private');
    expect(publicView).not.toHaveProperty('personalEmail');
    expect(publicView).not.toHaveProperty('emergencyContactPhone');
    expect(JSON.stringify(publicView)).not.toContain('ada@home.example');
    expect(privateView?.personalEmail).toBe('ada@home.example');
    expect(privateView?.emergencyContactName).toBe('Byron');
  });

  it('refuses a second employee with the same work email in another case', async () => {
    await insertEmployee(db, fields({ workEmail: 'Grace.Hopper@xyz.example', firstName: 'Grace', lastName: 'Hopper' }));
    await expect(
      insertEmployee(db, {
        ...fields({ firstName: 'Other', lastName: 'Person' }),
        workEmail: 'GRACE.HOPPER@XYZ.EXAMPLE',
      }),
    ).rejects.toBeInstanceOf(DuplicateEmployeeError);
    const found = await getEmployeeByEmail(db, 'grace.hopper@XYZ.example');
    expect(found?.firstName).toBe('Grace');
  });

  it('stores Unicode names and bios intact', async () => {
    const created = await insertEmployee(db, {
      ...fields({ workEmail: 'zoe@xyz.example', firstName: 'Zoë', lastName: 'Ñúñez', bio: 'Café ☕ and 日本語 🚀' }),
    });
    const read = await getEmployee(db, created.id, 'public');
    expect(read?.displayName).toBe('Zoë Ñúñez');
    expect(read?.bio).toBe('Café ☕ and 日本語 🚀');
  });

  it('pages the directory by name with a cursor, without repeats or gaps, and only active employees', async () => {
    const names = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'];
    for (const [index, last] of names.entries()) {
      await insertEmployee(db, {
        ...fields({
          workEmail: `p${index}@xyz.example`,
          lastName: last,
          firstName: 'Pat',
          department: index % 2 ? 'Sales' : 'Ops',
        }),
        status: 'active',
      });
    }
    await insertEmployee(db, { ...fields({ workEmail: 'pending@xyz.example', lastName: 'Aaron' }), status: 'pending' });
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listDirectory(db, { search: '', limit: 3, after, department: undefined });
      seen.push(...page.employees.map((employee) => employee.lastName));
      after = page.nextCursor ?? undefined;
    } while (after);
    const expected = [...seen].sort((a, b) => a.localeCompare(b));
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(names));
    expect(seen).not.toContain('Aaron');
  });

  it('searches by last name, given name, title and email prefix, case-insensitively, and filters by department', async () => {
    await insertEmployee(db, {
      ...fields({
        workEmail: 'marie.curie@xyz.example',
        firstName: 'Marie',
        lastName: 'Curie',
        jobTitle: 'Physicist',
        department: 'Research',
      }),
      status: 'active',
    });
    for (const term of ['cur', 'MARIE', 'phys', 'marie.c']) {
      const page = await listDirectory(db, { search: term });
      expect(
        page.employees.map((employee) => employee.lastName),
        term,
      ).toContain('Curie');
    }
    expect((await listDirectory(db, { search: 'zzz' })).employees).toEqual([]);
    const research = await listDirectory(db, { department: 'Research' });
    expect(research.employees.map((employee) => employee.lastName)).toEqual(['Curie']);
    expect(await listDepartments(db)).toEqual(expect.arrayContaining(['Research', 'Sales', 'Ops']));
  });

  it('ignores a tampered cursor instead of failing', async () => {
    const page = await listDirectory(db, { after: 'not-a-cursor', limit: 2 });
    expect(page.employees).toHaveLength(2);
  });

  it('links managers and direct reports, and updates fields with search keys', async () => {
    const manager = await insertEmployee(db, {
      ...fields({ workEmail: 'boss@xyz.example', lastName: 'Boss' }),
      status: 'active',
    });
    const report = await insertEmployee(db, {
      ...fields({ workEmail: 'report@xyz.example', lastName: 'Report', managerId: manager.id }),
      status: 'active',
    });
    expect((await listDirectReports(db, manager.id)).map((employee) => employee.id)).toEqual([report.id]);
    const updated = await updateEmployeeFields(
      db,
      report.id,
      fields({ workEmail: 'report@xyz.example', lastName: 'Renamed', jobTitle: 'Chief Renamer' }),
    );
    expect(updated?.lastName).toBe('Renamed');
    expect((await listDirectory(db, { search: 'chief ren' })).employees.map((employee) => employee.id)).toEqual([
      report.id,
    ]);
  });
});

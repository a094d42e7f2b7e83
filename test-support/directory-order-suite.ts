/**
 * The SQL directory (the search index's fallback) in each language's order of names, and its search without
 * accents, on one dialect: app/models/directory-order.server.test.ts (SQLite) and
 * app/models/directory-order.server.mariadb.test.ts (MariaDB) register it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { migrations } from '~/db/migrations/index.server';
import { nameOrderColumns } from '~/db/name-order-columns.server';
import { nameCollationOf } from '~/i18n/name-order';
import { countDirectory, searchDirectory } from '~/models/directory-search.server';
import { QueryTypes } from 'sequelize';
import { insertEmployee } from '~/models/employee.server';
import { createTestDatabase, type TestDatabase, type TestDialect } from './databases';

const LAST_NAMES = ['Zoë', 'Ångström', 'Østergaard', 'Müller', 'Nunez', 'Núñez', 'Ñandú', 'Young', 'Adams'];

/** Every page of the directory, `limit` at a time, following the `after` cursors. */
async function everyPage(db: Database, language: string, limit: number): Promise<string[]> {
  const names: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await searchDirectory(db, { collation: nameCollationOf(language), after, limit });
    names.push(...page.employees.map((employee) => employee.displayName));
    if (!page.nextCursor) return names;
    after = page.nextCursor;
  }
  throw new Error('the pages did not end');
}

export function describeDirectoryOrder(dialect: TestDialect): void {
  describe(`the SQL directory's order of names and accent-free search on ${dialect}`, () => {
    let testDb: TestDatabase;
    let db: Database;

    beforeAll(async () => {
      testDb = await createTestDatabase(dialect);
      db = openDatabase(testDb.config);
      await migrateDatabase(db.sequelize);
      const people = [
        ...LAST_NAMES.map((lastName) => ({ firstName: 'Ada', lastName })),
        { firstName: 'Zoë', lastName: 'Young' },
      ];
      for (const [index, { firstName, lastName }] of people.entries()) {
        await insertEmployee(db, {
          firstName,
          lastName,
          preferredName: null,
          workEmail: `person${index}@xyz.example`,
          workPhone: null,
          jobTitle: 'Engineer',
          department: 'Engineering',
          managerId: null,
          officeLocation: null,
          startDate: null,
          bio: null,
          personalEmail: null,
          personalPhone: null,
          emergencyContactName: null,
          emergencyContactPhone: null,
          status: 'active',
        });
      }
    });
    afterAll(async () => {
      if (db) await closeDatabase(db);
      await testDb?.drop();
    });

    const root = ['Ada Adams', 'Ada Ångström', 'Ada Müller', 'Ada Ñandú', 'Ada Nunez', 'Ada Núñez', 'Ada Østergaard'];
    const rest = ['Ada Young', 'Zoë Young', 'Ada Zoë'];

    it('pages through the names in English and German order: Å with the A’s, Ø with the O’s', async () => {
      expect(await everyPage(db, 'en', 3)).toEqual([...root, ...rest]);
      expect(await everyPage(db, 'de', 4)).toEqual([...root, ...rest]);
    });

    it('pages through the names in Spanish order: ñ its own letter after n', async () => {
      const spanish = [
        'Ada Adams',
        'Ada Ångström',
        'Ada Müller',
        'Ada Nunez',
        'Ada Núñez',
        'Ada Ñandú',
        'Ada Østergaard',
      ];
      expect(await everyPage(db, 'es', 3)).toEqual([...spanish, ...rest]);
    });

    it('finds names whatever their accents, either way round', async () => {
      const found = async (search: string) =>
        (await searchDirectory(db, { search, limit: 24 })).employees.map((employee) => employee.displayName);
      expect(await found('angstrom')).toEqual(['Ada Ångström']);
      expect(await found('ostergaard')).toEqual(['Ada Østergaard']);
      expect(await found('muller')).toEqual(['Ada Müller']);
      // A given name and a last name.
      expect(await found('zoe')).toEqual(['Zoë Young', 'Ada Zoë']);
      expect(await found('Nuñez')).toEqual(['Ada Nunez', 'Ada Núñez']);
      expect(await found('zoë young')).toEqual(['Zoë Young']);
      expect(await countDirectory(db, { search: 'nunez' })).toEqual({ count: 2, more: false });
    });
  });
}

/** Migration 021 on rows made before it (SQLite only: a MariaDB migration run costs seconds, and the column types are checked above). */
export function describeNameOrderMigration(dialect: TestDialect): void {
  describe(`migration 021 on ${dialect}`, () => {
    it('gives the rows already there their keys when the migration runs', async () => {
      const earlier = await createTestDatabase(dialect);
      const old = openDatabase(earlier.config);
      try {
        await migrateDatabase(
          old.sequelize,
          migrations.slice(
            0,
            migrations.findIndex((migration) => migration.name === '021-name-order'),
          ),
        );
        const now = new Date();
        await old.sequelize.getQueryInterface().bulkInsert('employees', [
          {
            id: '00000000-0000-4000-8000-000000000021',
            employee_number: 'E0000021',
            first_name: 'Zoë',
            last_name: 'Østergaard',
            work_email: 'zoe@xyz.example',
            work_email_normalized: 'zoe@xyz.example',
            job_title: 'Müllerin',
            department: 'Engineering',
            status: 'active',
            role: 'employee',
            sort_name: 'østergaard zoë',
            given_name_key: 'zoë',
            job_title_key: 'müllerin',
            created_at: now,
            updated_at: now,
          },
        ]);
        await migrateDatabase(old.sequelize, migrations);
        const [row] = await old.sequelize.query<Record<string, string>>(
          'SELECT given_name_key, job_title_key, name_order, name_order_es FROM employees',
          { type: QueryTypes.SELECT },
        );
        const keys = nameOrderColumns({ firstName: 'Zoë', lastName: 'Østergaard' });
        expect(row).toEqual({
          given_name_key: 'zoe',
          job_title_key: 'mullerin',
          name_order: keys.nameOrder,
          name_order_es: keys.nameOrderEs,
        });
        expect((await searchDirectory(old, { search: 'ostergaard zo', limit: 5 })).employees).toHaveLength(1);
      } finally {
        await closeDatabase(old);
        await earlier.drop();
      }
    });
  });
}

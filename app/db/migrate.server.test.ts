import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryTypes } from 'sequelize';
import { openDatabase, closeDatabase, type Database } from './database.server';
import { migrateDatabase } from './migrate.server';
import { migrations } from './migrations/index.server';
import { createTestDatabase, type TestDatabase } from '@test-support/databases';

describe('migrations on MariaDB', () => {
  let testDb: TestDatabase;
  const instances: Database[] = [];
  beforeAll(async () => {
    testDb = await createTestDatabase('mariadb');
  });
  afterAll(async () => {
    for (const db of instances) await closeDatabase(db);
    await testDb?.drop();
  });

  it('are safe when three instances start at once: one migrates under the named lock, the others find nothing to do', async () => {
    for (let i = 0; i < 3; i += 1) instances.push(openDatabase(testDb.config));
    const results = await Promise.all(instances.map((db) => migrateDatabase(db.sequelize)));
    const applied = results.flatMap((result) => result.applied);
    expect(applied.sort()).toEqual(migrations.map((migration) => migration.name).sort());
    const rows = await instances[0].sequelize.query<{ name: string }>('SELECT name FROM sequelize_meta', {
      type: QueryTypes.SELECT,
    });
    expect(rows.map((row) => row.name).sort()).toEqual(migrations.map((migration) => migration.name).sort());
  });

  it('create the directory indexes the queries rely on', async () => {
    const rows = await instances[0].sequelize.query<{ Key_name: string }>('SHOW INDEX FROM employees', {
      type: QueryTypes.SELECT,
    });
    const names = new Set(rows.map((row) => row.Key_name));
    for (const index of [
      'employees_directory',
      'employees_directory_dept',
      'employees_work_email_unique',
      'employees_pending_photo',
    ]) {
      expect(names, index).toContain(index);
    }
  });

  it('use utf8mb4 so that any name or bio fits', async () => {
    const [row] = await instances[0].sequelize.query<{ TABLE_COLLATION: string }>(
      "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'employees'",
      { type: QueryTypes.SELECT },
    );
    expect(row.TABLE_COLLATION).toMatch(/^utf8mb4/);
  });
});

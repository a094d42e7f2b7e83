/** A migrated SQLite database in a temp directory, for the auth unit tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase, closeDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { insertEmployee } from '~/models/employee.server';

export async function openTestDatabase(): Promise<{ db: Database; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-test-'));
  const db = openDatabase({ sqliteFile: path.join(dir, 'test.sqlite') });
  await migrateDatabase(db.sequelize);
  return {
    db,
    close: async () => {
      await closeDatabase(db);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function addEmployee(
  db: Database,
  overrides: { status?: 'pending' | 'active' | 'inactive'; email?: string } = {},
) {
  return insertEmployee(db, {
    firstName: 'Ada',
    lastName: 'Lovelace',
    preferredName: null,
    workEmail: overrides.email ?? `ada.${randomUUID().slice(0, 8)}@xyz.example`,
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
    status: overrides.status ?? 'active',
  });
}

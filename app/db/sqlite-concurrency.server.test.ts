import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryTypes } from 'sequelize';
import { openDatabase, closeDatabase, type Database } from './database.server';
import { migrateDatabase } from './migrate.server';
import { createTestDatabase, type TestDatabase } from '@test-support/databases';

const run = promisify(execFile);
const WRITER = path.resolve('test-support/concurrent-writer-process.ts');
const TSX = path.resolve('node_modules/.bin/tsx');
const PROCESSES = 4;
const ROUNDS = 25;

// SQLite locks belong to a connection in a process, so the contention that the cluster workers and the primary
// create can only be reproduced with several processes, not with promises in this one.
describe('one SQLite file written by several processes at once', () => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    db = openDatabase(testDb.config);
    await migrateDatabase(db.sequelize);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('loses no join, sign-in or photo promotion to a lock, and stores each exactly once', async () => {
    const file = testDb.config.sqliteFile!;
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, (_, index) =>
        run(TSX, [WRITER, file, String(ROUNDS), `writer-${index}`], { timeout: 110_000 }),
      ),
    );
    const reports = outputs.map(({ stdout }) => JSON.parse(stdout.trim().split('\n').at(-1)!));
    for (const report of reports) expect(report, report.tag).toMatchObject({ succeeded: ROUNDS, failures: [] });

    const count = async (sql: string) =>
      Number((await db.sequelize.query<{ n: number }>(sql, { type: QueryTypes.SELECT }))[0].n);
    const total = PROCESSES * ROUNDS;
    expect(await count('SELECT COUNT(*) AS n FROM employees WHERE photo_id IS NOT NULL')).toBe(total);
    expect(await count('SELECT COUNT(*) AS n FROM employees')).toBe(total);
    expect(await count('SELECT COUNT(*) AS n FROM sessions')).toBe(total);
    expect(await count("SELECT COUNT(*) AS n FROM events WHERE type = 'employee.created'")).toBe(total);
    expect(await count("SELECT COUNT(*) AS n FROM events WHERE type = 'employee.photo-ready'")).toBe(total);
  }, 120_000);
});

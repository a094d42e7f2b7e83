/**
 * The view log's table on each dialect: views are listed newest first with the viewer's name (or none once the
 * viewer's row is gone), a page says whether more exist, the archive's full read pages through views that share a
 * millisecond, and an export's thousand entries go in a few statements.
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import { addEmployee } from '@test-support/auth-database';
import {
  listAllPrivateDetailViews,
  listPrivateDetailViews,
  recordPrivateDetailViews,
} from './private-detail-views.server';

describe.each(TEST_DIALECTS)('the view log on %s', (dialect) => {
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

  it("lists a person's views newest first, naming the viewer, or none once the viewer's row is gone", async () => {
    const subject = await addEmployee(db);
    const viewer = await addEmployee(db);
    const leaver = await addEmployee(db);
    const other = await addEmployee(db);
    const now = Date.now();
    await recordPrivateDetailViews(db, [
      {
        subjectEmployeeId: subject.id,
        viewerEmployeeId: viewer.id,
        place: 'employee-page',
        fields: ['personalEmail', 'personalPhone'],
        at: now - 2000,
      },
      {
        subjectEmployeeId: subject.id,
        viewerEmployeeId: leaver.id,
        place: 'hr-archive',
        fields: ['personalEmail'],
        at: now - 1000,
      },
      {
        subjectEmployeeId: other.id,
        viewerEmployeeId: viewer.id,
        place: 'employee-page',
        fields: ['personalEmail'],
        at: now,
      },
    ]);
    await db.sequelize.query('DELETE FROM employees WHERE id = :id', {
      replacements: { id: leaver.id },
      type: QueryTypes.DELETE,
    });

    const { views, more } = await listPrivateDetailViews(db, subject.id, { limit: 10 });
    expect(more).toBe(false);
    expect(views.map(({ viewerName, place, fields, at }) => ({ viewerName, place, fields, at }))).toEqual([
      { viewerName: null, place: 'hr-archive', fields: ['personalEmail'], at: new Date(now - 1000).toISOString() },
      {
        viewerName: viewer.displayName,
        place: 'employee-page',
        fields: ['personalEmail', 'personalPhone'],
        at: new Date(now - 2000).toISOString(),
      },
    ]);
    expect((await listPrivateDetailViews(db, subject.id, { limit: 1 })).more).toBe(true);
  });

  it('records an export of a thousand people in batches, and the full read pages through views in one millisecond', async () => {
    const viewer = await addEmployee(db);
    const subject = await addEmployee(db);
    const at = Date.now();
    const people = Array.from({ length: 1000 }, () => randomUUID());
    await recordPrivateDetailViews(
      db,
      people.map((id) => ({
        subjectEmployeeId: id,
        viewerEmployeeId: viewer.id,
        place: 'csv-export' as const,
        fields: ['personalPhone'],
        at,
      })),
    );
    const [{ count }] = (await db.sequelize.query<{ count: number | string }>(
      "SELECT COUNT(*) AS count FROM private_detail_views WHERE place = 'csv-export'",
      { type: QueryTypes.SELECT },
    )) as [{ count: number | string }];
    expect(Number(count)).toBe(1000);

    await recordPrivateDetailViews(
      db,
      Array.from({ length: 1203 }, () => ({
        subjectEmployeeId: subject.id,
        viewerEmployeeId: viewer.id,
        place: 'employee-page' as const,
        fields: ['personalEmail'],
        at,
      })),
    );
    const all = await listAllPrivateDetailViews(db, subject.id);
    expect(all).toHaveLength(1203);
    expect(new Set(all.map((view) => view.id)).size).toBe(1203);
  });
});

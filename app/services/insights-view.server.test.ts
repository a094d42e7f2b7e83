/**
 * HR's insights kept until the data they summarise changes
 * (docs/decisions/332-insights-and-org-chart-within-twice-the-trivial-page.md): a view is worked out once per
 * version, and every kind of change the insights count shows on the very next view: a person joining or moving
 * (a new period and an event), a refused photo (an event), a manager changed (an event), a verification task
 * stored, and an erasure (nothing kept while it runs; its completion changes the version).
 */
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { insertEmployee, updateEmployeeFields } from '~/models/employee.server';
import { completeErasure, insertErasure } from '~/models/erasures.server';
import { readInsightsDataVersion } from '~/models/insights.server';
import { storeWaitingTask } from '~/models/workflow-tasks.server';
import { recordEvent } from '~/services/domain-events.server';
import { FACE_REJECTION_REASONS } from '@shared/faces/face-quality';
import { forgetInsightViews, insightFilterChoices, loadInsightsView } from './insights-view.server';
import { defaultRange, type InsightFilter, type InsightId } from './insights.server';

const PHOTO = '00000000-0000-4000-8000-0000000000aa';

function fields(name: string, department: string, managerId: string | null = null) {
  return employeeFieldsSchema.parse({
    firstName: name,
    lastName: 'Kept',
    workEmail: `${name.toLowerCase()}@xyz.example`,
    jobTitle: 'Tester',
    department,
    officeLocation: 'London',
    ...(managerId ? { managerId } : {}),
  });
}

describe.each(TEST_DIALECTS)('insights kept until their data changes, on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;
  const filter: InsightFilter = defaultRange(new Date());
  const envelope = (employeeId: string) => ({ employeeId, actorId: 'system' });
  const table = async (id: InsightId) =>
    (await loadInsightsView(db, filter)).insights.find((insight) => insight.id === id)!.table;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    db = openDatabase(testDb.config);
    await migrateDatabase(db.sequelize);
  });

  afterAll(async () => {
    await closeDatabase(db);
    await testDb.drop();
  });

  beforeEach(() => forgetInsightViews());

  it('works a view out once, and again after each change it counts', async () => {
    const ann = await insertEmployee(db, { ...fields('Ann', 'Engineering'), status: 'active' });
    const first = await loadInsightsView(db, filter);
    expect(await loadInsightsView(db, filter)).toEqual(first);
    expect((await loadInsightsView(db, filter)).insights).toBe(first.insights);
    const headCount = JSON.stringify((await table('head-count-by-department')).rows);

    // Someone joins another department: a new period, the head count and the filter's choices change.
    const bo = await insertEmployee(db, { ...fields('Bo', 'Sales'), status: 'active' });
    await recordEvent(
      db,
      {
        ...envelope(bo.id),
        type: 'employee.created',
        version: 2,
        source: 'admin',
        employee: { status: 'active', role: 'employee' },
        photoId: null,
      },
      { subscriptions: {} },
    );
    expect(JSON.stringify((await table('head-count-by-department')).rows)).not.toBe(headCount);
    expect((await insightFilterChoices(db)).departments).toEqual(['Engineering', 'Sales']);

    // A refused photo: an event alone.
    expect((await table('photo-refusals')).rows).toEqual([]);
    await recordEvent(
      db,
      {
        ...envelope(bo.id),
        type: 'employee.photo-failed',
        version: 1,
        photoId: PHOTO,
        reason: FACE_REJECTION_REASONS.noFace,
        faceCheck: 'rejected',
      },
      { subscriptions: {} },
    );
    expect((await table('photo-refusals')).rows).toEqual([[filter.to, 'No face', 1]]);

    // A new manager: no new period, the change's event.
    expect((await table('spans-of-control')).rows).toEqual([]);
    await updateEmployeeFields(db, bo.id, fields('Bo', 'Sales', ann.id));
    await recordEvent(
      db,
      { ...envelope(bo.id), type: 'employee.updated', version: 1, changedFields: ['managerId'] },
      { subscriptions: {} },
    );
    expect((await table('spans-of-control')).rows).toEqual([[1, 1]]);
  });

  it('reads the version anew on every view: a stored verification task changes it', async () => {
    const before = await readInsightsDataVersion(db);
    const [someone] = await db.sequelize.query<{ id: string }>('SELECT id FROM employees', {
      type: QueryTypes.SELECT,
    });
    await storeWaitingTask(db, {
      employeeId: someone.id,
      step: 'AwaitHrDecision',
      taskToken: 'token-kept',
      executionId: 'exec-kept',
      findings: '{}',
    });
    expect((await readInsightsDataVersion(db)).stamp).not.toBe(before.stamp);
  });

  it('keeps nothing while an erasure runs, and works the view out again once it completed', async () => {
    const cy = await insertEmployee(db, { ...fields('Cy', 'Ops'), status: 'active' });
    expect((await insightFilterChoices(db)).departments).toContain('Ops');
    const erasure = await insertErasure(db, { employeeId: cy.id, requestedBy: { kind: 'retention' }, reason: 'test' });
    const during = await loadInsightsView(db, filter);
    expect((await loadInsightsView(db, filter)).insights).not.toBe(during.insights);
    // The erasure's deletions lower no maximum the version is made of.
    await db.sequelize.query('DELETE FROM org_history WHERE employee_id = :id', { replacements: { id: cy.id } });
    await db.sequelize.query('DELETE FROM employees WHERE id = :id', { replacements: { id: cy.id } });
    expect((await insightFilterChoices(db)).departments).not.toContain('Ops');
    await completeErasure(db, erasure);
    const after = await loadInsightsView(db, filter);
    expect(after.choices.departments).not.toContain('Ops');
    expect(JSON.stringify(after.insights)).not.toContain('Ops');
    expect((await loadInsightsView(db, filter)).insights).toBe(after.insights);
  });
});

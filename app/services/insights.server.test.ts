/**
 * HR's insights (docs/decisions/327-insights-from-history.md) from a history built by hand on each database, through
 * the writers that keep the org history (insert, status change, profile edit) and recorded events:
 * - 2025-12 Ann joins Engineering (London) active; 2026-02-25 she is deactivated.
 * - 2026-02 Bo and Cy join Sales (Paris) through verification: photo accepted after 10 and 20 hours, record checks
 *   2 and 10 hours later, approved 12 and 20 hours after that. Cy reports to Bo. On 2026-03-05 Cy moves to Ops.
 * - 2026-02 Di joins Engineering and waits: photos refused for several people (February) and no face (March).
 * - 2026-03 Ed and Fay are created active, each the other's manager (a loop imported by mistake).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { insertEmployee, setEmployeeStatus, updateEmployeeFields } from '~/models/employee.server';
import { storeWaitingTask } from '~/models/workflow-tasks.server';
import { listOrgPeriods } from '~/models/org-history.server';
import { recordEvent } from '~/services/domain-events.server';
import type { NewEmployeeEvent } from '@shared/contracts/employee-events';
import { FACE_REJECTION_REASONS } from '@shared/faces/face-quality';
import { insightTable, parseInsightFilter, type InsightFilter } from './insights.server';

const HOUR = 3_600_000;
const PHOTO = '00000000-0000-4000-8000-0000000000aa';

function fields(name: string, department: string, officeLocation: string, managerId: string | null = null) {
  return employeeFieldsSchema.parse({
    firstName: name,
    lastName: 'Tester',
    workEmail: `${name.toLowerCase()}@xyz.example`,
    jobTitle: 'Tester',
    department,
    officeLocation,
    ...(managerId ? { managerId } : {}),
  });
}

describe.each(TEST_DIALECTS)('insights on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;
  const filter: InsightFilter = { from: '2026-01', to: '2026-03' };
  const ids: Record<string, string> = {};

  async function at<T>(when: Date | string, action: () => Promise<T>): Promise<T> {
    vi.setSystemTime(new Date(when));
    return action();
  }
  const event = (when: Date, value: NewEmployeeEvent) => recordEvent(db, value, { now: when, subscriptions: {} });
  const envelope = (id: string) => ({ employeeId: id, actorId: 'system' });

  async function joinThroughVerification(
    name: string,
    joined: Date,
    photoHours: number,
    checkHours: number,
    approveHours: number,
  ) {
    const person = await at(joined, () => insertEmployee(db, { ...fields(name, 'Sales', 'Paris') }));
    ids[name] = person.id;
    await event(joined, {
      ...envelope(person.id),
      type: 'employee.created',
      version: 2,
      source: 'join',
      employee: { status: 'pending', role: 'employee' },
      photoId: PHOTO,
    });
    const photo = new Date(joined.getTime() + photoHours * HOUR);
    await event(photo, {
      ...envelope(person.id),
      type: 'employee.photo-ready',
      version: 1,
      photoId: PHOTO,
      replacedPhotoId: null,
      faceCheck: 'verified',
    });
    const checks = new Date(photo.getTime() + checkHours * HOUR);
    await storeWaitingTask(
      db,
      {
        employeeId: person.id,
        step: 'AwaitHrDecision',
        taskToken: `token-${name}`,
        executionId: `exec-${name}`,
        findings: '{}',
      },
      checks.getTime(),
    );
    const approved = new Date(checks.getTime() + approveHours * HOUR);
    await at(approved, () => setEmployeeStatus(db, person.id, 'active', null, { change: 'activated' }));
    await event(approved, {
      ...envelope(person.id),
      type: 'employee.status-changed',
      version: 2,
      change: 'activated',
      from: 'pending',
      to: 'active',
    });
  }

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    db = openDatabase(testDb.config);
    await migrateDatabase(db.sequelize);
    vi.useFakeTimers({ toFake: ['Date'] });

    const ann = await at('2025-12-15T09:00:00Z', () =>
      insertEmployee(db, { ...fields('Ann', 'Engineering', 'London'), status: 'active' }),
    );
    ids.Ann = ann.id;
    await joinThroughVerification('Bo', new Date('2026-02-03T08:00:00Z'), 10, 2, 12);
    await joinThroughVerification('Cy', new Date('2026-02-10T08:00:00Z'), 20, 10, 20);
    await at('2026-02-10T09:00:00Z', () => updateEmployeeFields(db, ids.Cy, fields('Cy', 'Sales', 'Paris', ids.Bo)));

    const di = await at('2026-02-20T08:00:00Z', () => insertEmployee(db, fields('Di', 'Engineering', 'London')));
    ids.Di = di.id;
    await event(new Date('2026-02-20T08:00:00Z'), {
      ...envelope(di.id),
      type: 'employee.created',
      version: 2,
      source: 'join',
      employee: { status: 'pending', role: 'employee' },
      photoId: PHOTO,
    });
    await event(new Date('2026-02-21T08:00:00Z'), {
      ...envelope(di.id),
      type: 'employee.photo-failed',
      version: 1,
      photoId: PHOTO,
      reason: FACE_REJECTION_REASONS.severalFaces,
      faceCheck: 'rejected',
    });
    await event(new Date('2026-03-02T08:00:00Z'), {
      ...envelope(di.id),
      type: 'employee.photo-failed',
      version: 1,
      photoId: PHOTO,
      reason: FACE_REJECTION_REASONS.noFace,
      faceCheck: 'rejected',
    });

    await at('2026-02-25T17:00:00Z', () => setEmployeeStatus(db, ann.id, 'inactive', null, { change: 'deactivated' }));
    await at('2026-03-05T09:00:00Z', () => updateEmployeeFields(db, ids.Cy, fields('Cy', 'Ops', 'Paris', ids.Bo)));

    const ed = await at('2026-03-10T09:00:00Z', () =>
      insertEmployee(db, { ...fields('Ed', 'Ops', 'Berlin'), status: 'active' }),
    );
    const fay = await at('2026-03-10T09:00:00Z', () =>
      insertEmployee(db, { ...fields('Fay', 'Ops', 'Berlin', ed.id), status: 'active' }),
    );
    await at('2026-03-10T09:00:00Z', () => updateEmployeeFields(db, ed.id, fields('Ed', 'Ops', 'Berlin', fay.id)));
    vi.useRealTimers();
  }, 60_000);
  afterAll(async () => {
    vi.useRealTimers();
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('keeps each period of department, office and status, and starts none for an edit that moves nothing', async () => {
    const periods = await listOrgPeriods(db, ids.Cy);
    expect(periods.map((period) => [period.department, period.status, period.validFrom.toISOString()])).toEqual([
      ['Sales', 'pending', '2026-02-10T08:00:00.000Z'],
      ['Sales', 'active', '2026-02-12T10:00:00.000Z'],
      ['Ops', 'active', '2026-03-05T09:00:00.000Z'],
    ]);
    expect(periods[2].validUntil).toBeNull();
  });

  it('counts a month with 2 joiners and 1 leaver as exactly that', async () => {
    expect((await insightTable(db, 'joiners-and-leavers', filter)).rows).toEqual([
      ['2026-01', 0, 0],
      ['2026-02', 2, 1],
      ['2026-03', 2, 0],
    ]);
  });

  it('counts the active people at each month end where they were then, by department and by office', async () => {
    expect((await insightTable(db, 'head-count-by-department', filter)).rows).toEqual([
      ['2026-01', 'Engineering', 1],
      ['2026-02', 'Sales', 2],
      ['2026-03', 'Ops', 3],
      ['2026-03', 'Sales', 1],
    ]);
    expect((await insightTable(db, 'head-count-by-office', { ...filter, department: 'Ops' })).rows).toEqual([
      ['2026-03', 'Berlin', 2],
      ['2026-03', 'Paris', 1],
    ]);
  });

  it('gives the funnel with the median and 90th percentile hours of each step, and who stopped where', async () => {
    expect((await insightTable(db, 'verification-funnel', filter)).rows).toEqual([
      ['Joined', 3, 1, 1, '', ''],
      ['Photo accepted', 2, 0, 0, 10, 20],
      ['Record checks passed', 2, 0, 0, 2, 10],
      ['Approved', 2, '', '', 12, 20],
    ]);
  });

  it('counts refused photos per month by the reason given', async () => {
    expect((await insightTable(db, 'photo-refusals', filter)).rows).toEqual([
      ['2026-02', 'Several people', 1],
      ['2026-03', 'No face', 1],
    ]);
    expect((await insightTable(db, 'photo-refusals', { ...filter, department: 'Sales' })).rows).toEqual([]);
  });

  it('counts managers by direct reports, and people by level, with a reporting loop counted apart', async () => {
    expect((await insightTable(db, 'spans-of-control', filter)).rows).toEqual([[1, 3]]);
    expect((await insightTable(db, 'organisation-depth', filter)).rows).toEqual([
      [1, 1],
      [2, 1],
      ['in a reporting loop', 2],
    ]);
  });

  it('refuses a filter it cannot read with a message saying why', () => {
    const now = new Date('2026-03-15T00:00:00Z');
    expect(parseInsightFilter(new URLSearchParams('from=2026-13'), now)).toEqual({
      ok: false,
      message: 'From must be a month written as YYYY-MM',
    });
    expect(parseInsightFilter(new URLSearchParams('from=2026-03&to=2026-01'), now)).toEqual({
      ok: false,
      message: 'From must not be after To',
    });
    expect(parseInsightFilter(new URLSearchParams(''), now)).toEqual({
      ok: true,
      filter: { from: '2025-04', to: '2026-03' },
    });
  });
});

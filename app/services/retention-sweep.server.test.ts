/**
 * The retention sweep on SQLite and MariaDB, with a retention day of one second: HR is told the warning period
 * ahead, once per person and kind; the sweep then erases or deletes face references through the callbacks it is
 * given, once; and of two instances only one sweeps a given day.
 */
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { TEST_DIALECTS } from '@test-support/databases';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { hrNotifications } from '~/subscribers/hr-notifications.server';
import {
  activateEmployee,
  createEmployee,
  deactivateEmployee,
  reactivateEmployee,
  rejectEmployee,
} from './employees.server';
import { dispatchToSubscriber } from './event-dispatcher.server';
import { recordingPublisher } from '~/local/recording-publisher.server';
import { listRecordedNotifications } from './notifications.server';
import { runRetentionSweep, startRetentionSweep, type RetentionActions } from './retention-sweep.server';
import { employeeIdOf } from '@test-support/notification-messages';

const SHORT_DAYS = {
  RETENTION_DAY_SECONDS: '1',
  RETENTION_REJECTED_APPLICATION_DAYS: '3',
  RETENTION_DEACTIVATED_PROFILE_DAYS: '10',
  RETENTION_FACE_AFTER_DEACTIVATION_DAYS: '2',
  RETENTION_WARNING_DAYS: '1',
};
const DAY = 1_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY);

function recordingActions() {
  const calls: string[] = [];
  const actions: RetentionActions = {
    async erase(employeeId, reason) {
      calls.push(`erase ${employeeId} ${reason}`);
    },
    async deleteFaceReferences(employeeId) {
      calls.push(`faces ${employeeId}`);
    },
  };
  return { calls, actions };
}

describe.each(TEST_DIALECTS)('the retention sweep on %s', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ dialect, photoTrigger: false, env: SHORT_DAYS });
  });
  afterAll(async () => platform?.close());

  let counter = 0;
  async function person(status: 'pending' | 'active') {
    counter += 1;
    return createEmployee(platform, {
      status,
      fields: employeeFieldsSchema.parse({
        firstName: 'Retained',
        lastName: `Person ${'abcdefghij'[counter % 10]}${'abcdefghij'[Math.floor(counter / 10)]}`,
        workEmail: `retained.${dialect}.${counter}@xyz.example`,
        jobTitle: 'Archivist',
        department: 'Records',
      }),
    });
  }

  /** Moves everyone's status change to T0, so the sweep's clock can be given in retention days. */
  async function statusChangedAtT0(ids: string[]) {
    await platform.db.sequelize.query('UPDATE employees SET status_changed_at = :t0 WHERE id IN (:ids)', {
      replacements: { t0: new Date(T0), ids },
    });
  }

  it('warns HR a day ahead, once per person and kind, then acts once when each period is over', async () => {
    const rejected = await person('pending');
    await rejectEmployee(platform, 'hr-1', rejected.id, 'Not a new starter');
    const abandoned = await person('pending');
    const deactivated = await person('active');
    await deactivateEmployee(platform, 'hr-1', deactivated.id, 'Left the company');
    const back = await person('active');
    await deactivateEmployee(platform, 'hr-1', back.id, null);
    await reactivateEmployee(platform, 'hr-1', back.id);
    const active = await person('pending');
    await activateEmployee(platform, 'hr-1', active.id);
    await statusChangedAtT0([rejected.id, abandoned.id, deactivated.id, back.id, active.id]);
    const { calls, actions } = recordingActions();

    expect(await runRetentionSweep(platform, actions, at(0.5))).toEqual({
      notified: 0,
      erased: 0,
      facesDeleted: 0,
      failed: 0,
    });
    // Face references are due on day 2: HR hears on day 1.
    expect(await runRetentionSweep(platform, actions, at(1.5))).toMatchObject({ notified: 2, facesDeleted: 0 });
    expect(await runRetentionSweep(platform, actions, at(1.6))).toMatchObject({ notified: 0 });
    // Day 2: the faces go; the applications (due on day 3) are announced.
    expect(await runRetentionSweep(platform, actions, at(2.5))).toMatchObject({ notified: 2, facesDeleted: 2 });
    expect(await runRetentionSweep(platform, actions, at(3.5))).toMatchObject({ notified: 0, erased: 2 });
    expect(await runRetentionSweep(platform, actions, at(3.6))).toEqual({
      notified: 0,
      erased: 0,
      facesDeleted: 0,
      failed: 0,
    });
    // The deactivated profile is kept ten days.
    expect(await runRetentionSweep(platform, actions, at(9.5))).toMatchObject({ notified: 1, erased: 0 });
    expect(await runRetentionSweep(platform, actions, at(10.5))).toMatchObject({ erased: 1 });

    // In order of the days; within a day the sweep's order of people is not promised.
    expect([calls.slice(0, 2).sort(), calls.slice(2, 4).sort(), calls.slice(4)]).toEqual([
      [`faces ${rejected.id}`, `faces ${deactivated.id}`].sort(),
      [
        `erase ${rejected.id} Retention: a rejected application kept 3 days`,
        `erase ${abandoned.id} Retention: an abandoned application kept 3 days`,
      ].sort(),
      [`erase ${deactivated.id} Retention: deactivated profile kept 10 days`],
    ]);

    // HR's topic: one message per person and kind, by id, naming nobody.
    await dispatchToSubscriber(
      platform.db,
      hrNotifications({ db: platform.db, env: platform.env, publisher: recordingPublisher(platform.db) }),
      { now: new Date(Date.now() + 60_000) },
    );
    const warnings = (await listRecordedNotifications(platform.db)).filter(
      (row) => row.message?.type === 'employee.retention-due',
    );
    expect(warnings.map((row) => [employeeIdOf(row.message), (row.message as { kind: string }).kind]).sort()).toEqual(
      [
        [abandoned.id, 'application'],
        [deactivated.id, 'face'],
        [deactivated.id, 'profile'],
        [rejected.id, 'application'],
        [rejected.id, 'face'],
      ].sort(),
    );
    for (const row of warnings) expect(`${row.subject} ${row.body}`).not.toMatch(/Retained|Person|@xyz/);
    expect(warnings.find((row) => (row.message as { kind: string }).kind === 'profile')?.subject).toBe(
      `A profile will be erased on ${at(10).toISOString().slice(0, 10)} (retention period over)`,
    );
  });

  it('acts no sooner than the warning period after HR was told, and tries a failed action again', async () => {
    const late = await person('active');
    await deactivateEmployee(platform, 'hr-1', late.id, null);
    // Long past every deadline when the sweep first sees it (the sweep was off, or the periods were shortened).
    await statusChangedAtT0([late.id]);
    let failing = true;
    const erased: string[] = [];
    const actions: RetentionActions = {
      async erase(employeeId) {
        if (failing) throw new Error('erasure unavailable');
        erased.push(employeeId);
      },
      async deleteFaceReferences() {},
    };
    const first = at(100);
    expect(await runRetentionSweep(platform, actions, first)).toMatchObject({
      notified: 2,
      erased: 0,
      facesDeleted: 0,
    });
    expect(await runRetentionSweep(platform, actions, at(100.5))).toMatchObject({ erased: 0, facesDeleted: 0 });
    expect(await runRetentionSweep(platform, actions, at(101.1))).toMatchObject({ erased: 0, failed: 1 });
    failing = false;
    expect(await runRetentionSweep(platform, actions, at(102.1))).toMatchObject({ erased: 1, failed: 0 });
    expect(erased).toEqual([late.id]);
  });

  it('runs once per retention day across two instances', async () => {
    await platform.db.sequelize.query(
      'UPDATE retention_sweep_lease SET next_run_at = 0, holder = NULL, lease_expires_at = NULL',
    );
    const runs: number[] = [];
    // When each run claimed its day: the work after it takes longer on a loaded machine, the schedule does not.
    const onRun = (_result: unknown, claimedAt: number) => runs.push(claimedAt);
    const { actions } = recordingActions();
    const started = Date.now();
    const sweeps = [
      startRetentionSweep(platform, actions, { onRun }),
      startRetentionSweep(platform, actions, { onRun }),
    ];
    // Until three runs have happened (a loaded machine may start a timer late, so the time is not fixed): the two
    // instances between them ran no more than once per retention day, each a day after the last.
    const deadline = started + 20 * DAY;
    while (runs.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all(sweeps.map((sweep) => sweep.stop()));
    const days = (Date.now() - started) / DAY;
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(days));
    for (let i = 1; i < runs.length; i += 1) expect(runs[i] - runs[i - 1]).toBeGreaterThanOrEqual(DAY - 50);
    const [lease] = await platform.db.sequelize.query<{ holder: string | null }>(
      'SELECT holder FROM retention_sweep_lease',
      { type: QueryTypes.SELECT },
    );
    expect(lease.holder).toBeNull();
  });
});

/**
 * Migration 012 on both engines: events stored by earlier versions (with names, an address, HR's reason, a reset
 * link, an old rendered notification) hold no personal value afterwards, and every row still parses.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { QueryTypes } from 'sequelize';
import { employeeEventSchema } from '@shared/contracts/employee-events';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import { migrations } from './index.server';
import { eventsCarryIdsOnly } from './012-events-carry-ids-only.server';

const PERSONAL_VALUES = [
  'Ada Lovelace',
  'ada.lovelace@xyz.example',
  'E1815',
  'Analytical Engines',
  'Please use your legal name, Ada.',
  'secret-reset-token',
  'Grace Hopper',
];

const employeeId = randomUUID();
const envelope = (type: string, version: number) => ({
  eventId: randomUUID(),
  employeeId,
  occurredAt: '2026-01-02T03:04:05.000Z',
  actorId: 'system',
  type,
  version,
});

/** Events as versions before 012 wrote them. */
const STORED_BEFORE = [
  {
    ...envelope('employee.created', 1),
    source: 'join',
    employee: {
      employeeNumber: 'E1815',
      displayName: 'Ada Lovelace',
      workEmail: 'ada.lovelace@xyz.example',
      jobTitle: 'Engineer',
      department: 'Analytical Engines',
      status: 'pending',
      role: 'employee',
    },
    photoId: null,
  },
  {
    ...envelope('employee.status-changed', 1),
    change: 'rejected',
    from: 'pending',
    to: 'inactive',
    reason: 'Please use your legal name, Ada.',
  },
  {
    ...envelope('employee.password-reset-requested', 1),
    link: 'https://people.xyz.example/reset/secret-reset-token',
    expiresAt: '2026-01-02T04:04:05.000Z',
  },
  {
    ...envelope('legacy.notification', 1),
    subject: 'New employee profile: Grace Hopper',
    body: JSON.stringify({ employee: { id: employeeId, displayName: 'Grace Hopper' } }),
    topic: 'employee.created',
  },
  { ...envelope('employee.updated', 1), changedFields: ['jobTitle'] },
];

describe.each(TEST_DIALECTS)('migration 012 on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('takes every personal value out of the stored events; what is left parses as the current events', async () => {
    testDb = await createTestDatabase(dialect);
    db = openDatabase(testDb.config);
    await migrateDatabase(db.sequelize, migrations.slice(0, migrations.indexOf(eventsCarryIdsOnly)));
    for (const event of STORED_BEFORE) {
      await db.sequelize.getQueryInterface().bulkInsert('events', [
        {
          id: event.eventId,
          employee_id: employeeId,
          type: event.type,
          version: event.version,
          body: JSON.stringify(event),
          occurred_at: new Date(event.occurredAt),
        },
      ]);
    }
    const [legacy] = await db.sequelize.query<{ seq: number }>(
      "SELECT seq FROM events WHERE type = 'legacy.notification'",
      {
        type: QueryTypes.SELECT,
      },
    );
    await db.sequelize.getQueryInterface().bulkInsert('event_deliveries', [
      {
        event_seq: legacy.seq,
        subscriber: 'hr-notifications',
        employee_id: employeeId,
        attempts: 0,
        next_attempt_at: new Date(),
        delivered_at: null,
        last_error: null,
      },
    ]);

    await migrateDatabase(db.sequelize);

    const rows = await db.sequelize.query<{ type: string; version: number; body: string }>(
      'SELECT type, version, body FROM events ORDER BY seq',
      { type: QueryTypes.SELECT },
    );
    expect(rows.map((row) => [row.type, Number(row.version)])).toEqual([
      ['employee.created', 2],
      ['employee.status-changed', 2],
      ['employee.password-reset-requested', 1],
      ['employee.updated', 1],
    ]);
    for (const row of rows) {
      for (const value of PERSONAL_VALUES) expect(row.body, `${row.type} holds "${value}"`).not.toContain(value);
      expect(employeeEventSchema.safeParse(JSON.parse(row.body)).success, row.body).toBe(true);
    }
    expect(JSON.parse(rows[0].body)).toMatchObject({ employee: { status: 'pending', role: 'employee' } });
    const deliveries = await db.sequelize.query('SELECT * FROM event_deliveries', { type: QueryTypes.SELECT });
    expect(deliveries).toEqual([]);
  });
});

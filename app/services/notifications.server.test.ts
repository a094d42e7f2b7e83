import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { openDatabase, closeDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import {
  countUnsentNotifications,
  dispatchOutbox,
  enqueueNotification,
  listRecordedNotifications,
  recordingPublisher,
  retryDelayMs,
  type Publisher,
} from './notifications.server';

function createdMessage(name: string) {
  return {
    type: 'employee.created' as const,
    version: 1 as const,
    messageId: randomUUID(),
    occurredAt: new Date().toISOString(),
    employee: {
      id: randomUUID(),
      employeeNumber: 'E1',
      displayName: name,
      workEmail: 'x@xyz.example',
      jobTitle: 'Engineer',
      department: 'Engineering',
      status: 'pending' as const,
      profileUrl: null,
    },
  };
}

/** SNS briefly down: the first `outages` publishes fail (an injected fault), then the real recorder takes them. */
function flakyPublisher(inner: Publisher, outages: number): Publisher & { attempts: number } {
  const state = {
    attempts: 0,
    async publish(message: Parameters<Publisher['publish']>[0]) {
      state.attempts += 1;
      if (state.attempts <= outages) throw new Error('injected outage: SNS unavailable');
      await inner.publish(message);
    },
  };
  return state;
}

describe.each(TEST_DIALECTS)('notification outbox on %s', (dialect) => {
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

  it('is written in the same transaction as the change: a rollback leaves no message', async () => {
    await expect(
      db.sequelize.transaction(async (transaction) => {
        await enqueueNotification(db, createdMessage('Rolled Back'), 'New employee', { transaction });
        throw new Error('the employee insert failed');
      }),
    ).rejects.toThrow('the employee insert failed');
    expect(await countUnsentNotifications(db)).toBe(0);
  });

  it('survives an SNS outage: retried with backoff until published, then recorded exactly once', async () => {
    await enqueueNotification(db, createdMessage('Ada Lovelace'), 'New employee profile: Ada Lovelace (Engineering)');
    const publisher = flakyPublisher(recordingPublisher(db), 2);
    const t0 = new Date();
    const first = await dispatchOutbox(db, publisher, { now: t0 });
    expect(first).toEqual({ sent: 0, failed: 1 });
    // Not due again until the backoff has passed.
    expect(await dispatchOutbox(db, publisher, { now: new Date(t0.getTime() + 500) })).toEqual({ sent: 0, failed: 0 });
    const second = await dispatchOutbox(db, publisher, { now: new Date(t0.getTime() + retryDelayMs(1) + 10) });
    expect(second).toEqual({ sent: 0, failed: 1 });
    const third = await dispatchOutbox(db, publisher, { now: new Date(t0.getTime() + 60_000) });
    expect(third).toEqual({ sent: 1, failed: 0 });
    expect(await countUnsentNotifications(db)).toBe(0);
    const recorded = await listRecordedNotifications(db);
    expect(recorded).toHaveLength(1);
    expect(recorded[0].subject).toBe('New employee profile: Ada Lovelace (Engineering)');
    expect(recorded[0].message).toMatchObject({ type: 'employee.created', employee: { displayName: 'Ada Lovelace' } });
    // Nothing left to send.
    expect(await dispatchOutbox(db, publisher, { now: new Date(t0.getTime() + 3_600_000) })).toEqual({
      sent: 0,
      failed: 0,
    });
  });

  it('does not let two dispatchers publish the same message at once', async () => {
    await enqueueNotification(db, createdMessage('Grace Hopper'), 'New employee');
    const recorder = recordingPublisher(db);
    let publishes = 0;
    const counting: Publisher = { publish: async (message) => ((publishes += 1), recorder.publish(message)) };
    const now = new Date(Date.now() + 10 * 60_000);
    await Promise.all([dispatchOutbox(db, counting, { now }), dispatchOutbox(db, counting, { now })]);
    expect(publishes).toBe(1);
  });

  it('backs off exponentially up to five minutes', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([2000, 4000, 8000]);
    expect(retryDelayMs(20)).toBe(300_000);
  });

  it('refuses a message that does not match the published schema', async () => {
    const bad = { ...createdMessage('X'), employee: { ...createdMessage('X').employee, workEmail: 'not-an-email' } };
    await expect(enqueueNotification(db, bad, 'x')).rejects.toThrow();
  });

  it('keeps SNS subjects to printable ASCII within 100 characters', async () => {
    const message = createdMessage('Zoë');
    await enqueueNotification(db, message, `New employee profile: Zoë Ñúñez\n${'x'.repeat(200)}`);
    const row = await db.models.Outbox.findByPk(message.messageId);
    const subject = row?.get('subject') as string;
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toMatch(/^New employee profile: Zoe Nunez x+$/);
  });
});

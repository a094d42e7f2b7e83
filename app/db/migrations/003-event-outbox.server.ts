/**
 * The event outbox: every change to an employee is an event row written in the change's transaction, with
 * one delivery row per subscriber of its type (retries and backoff per subscriber, so one failing
 * subscriber neither blocks nor duplicates another). `seq` orders an employee's events.
 *
 * Also `failed_photo_id`: the newest upload that the photo function could not use, recorded when the photo
 * watcher sees it fail, so the failure is announced once and shown without a poll.
 *
 * The old `outbox` table held rendered notifications; its unsent rows become `legacy.notification` events
 * for the notification subscriber, so nothing queued is lost, and the table goes.
 */
import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

const uuid = { type: DataTypes.UUID, allowNull: false };
const time = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

interface LegacyRow {
  id: string;
  topic: string;
  subject: string;
  body: string;
  created_at: Date | string;
}

function employeeIdOf(body: string): string | null {
  try {
    const message = JSON.parse(body) as { employee?: { id?: string }; recipient?: { employeeId?: string } };
    return message.employee?.id ?? message.recipient?.employeeId ?? null;
  } catch {
    return null;
  }
}

export const eventOutboxSchema: Migration = {
  name: '003-event-outbox',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'events',
      {
        seq: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        id: uuid,
        employee_id: uuid,
        type: { type: DataTypes.STRING(64), allowNull: false },
        version: { type: DataTypes.INTEGER, allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: false },
        occurred_at: time(),
      },
      utf8mb4,
    );
    await q.addIndex('events', ['id'], { unique: true, name: 'events_id_unique' });
    await q.addIndex('events', ['employee_id', 'seq'], { name: 'events_employee' });

    await q.createTable(
      'event_deliveries',
      {
        event_seq: {
          type: DataTypes.INTEGER,
          allowNull: false,
          primaryKey: true,
          references: { model: 'events', key: 'seq' },
          onDelete: 'CASCADE',
        },
        subscriber: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
        employee_id: uuid,
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        next_attempt_at: time(),
        delivered_at: time(true),
        last_error: { type: DataTypes.STRING(500), allowNull: true },
      },
      utf8mb4,
    );
    // The dispatcher's query: a subscriber's undelivered rows in event order.
    await q.addIndex('event_deliveries', ['subscriber', 'delivered_at', 'event_seq'], {
      name: 'event_deliveries_pending',
    });

    await q.addColumn('employees', 'failed_photo_id', { type: DataTypes.UUID, allowNull: true });

    const unsent = await q.sequelize.query<LegacyRow>(
      'SELECT id, topic, subject, body, created_at FROM outbox WHERE sent_at IS NULL ORDER BY created_at',
      { type: QueryTypes.SELECT },
    );
    for (const row of unsent) {
      const employeeId = employeeIdOf(row.body);
      if (!employeeId) continue;
      const occurredAt = new Date(row.created_at);
      const event = {
        eventId: row.id,
        employeeId,
        occurredAt: occurredAt.toISOString(),
        actorId: 'system',
        type: 'legacy.notification',
        version: 1,
        subject: row.subject,
        body: row.body,
        topic: row.topic,
      };
      await q.bulkInsert('events', [
        {
          id: row.id,
          employee_id: employeeId,
          type: event.type,
          version: 1,
          body: JSON.stringify(event),
          occurred_at: occurredAt,
        },
      ]);
      const [inserted] = await q.sequelize.query<{ seq: number }>('SELECT seq FROM events WHERE id = ?', {
        replacements: [row.id],
        type: QueryTypes.SELECT,
      });
      await q.bulkInsert('event_deliveries', [
        {
          event_seq: inserted.seq,
          subscriber: 'hr-notifications',
          employee_id: employeeId,
          attempts: 0,
          next_attempt_at: new Date(),
          delivered_at: null,
          last_error: null,
        },
      ]);
    }
    await q.dropTable('outbox');
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'outbox',
      {
        id: { ...uuid, primaryKey: true },
        topic: { type: DataTypes.STRING(64), allowNull: false },
        subject: { type: DataTypes.STRING(100), allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: false },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        next_attempt_at: time(),
        sent_at: time(true),
        last_error: { type: DataTypes.STRING(500), allowNull: true },
        created_at: time(),
      },
      utf8mb4,
    );
    await q.addIndex('outbox', ['sent_at', 'next_attempt_at'], { name: 'outbox_due' });
    await q.removeColumn('employees', 'failed_photo_id');
    await q.dropTable('event_deliveries');
    await q.dropTable('events');
  },
};

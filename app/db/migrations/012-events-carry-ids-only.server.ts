/**
 * Events carry ids only (docs/decisions/021-events-carry-ids-only.md): the outbox keeps events for good, so the
 * personal values earlier versions stored are taken out of the rows already there.
 *
 * - `employee.created` version 1 held the number, name, work email, job title and department: it becomes
 *   version 2, which keeps only the status and role.
 * - `employee.status-changed` version 1 held HR's reason (it is on the employee row too): version 2 has none.
 * - `employee.password-reset-requested` version 1 may hold the reset link itself: it goes.
 * - `legacy.notification` (old outbox rows carried over by migration 003) is a rendered message with names in
 *   its subject and body: the event and its delivery rows go. Such a row was undelivered since before
 *   migration 003; HR hears no more of it.
 *
 * Rows are read and written in batches by `seq`, in JavaScript, so the same code runs on SQLite and MySQL.
 * Not reversible: `down` leaves the rewritten rows as they are (the removed values exist nowhere else).
 */
import { QueryTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';

const BATCH = 500;

interface EventRow {
  seq: number;
  type: string;
  body: string;
}

type Body = Record<string, unknown>;

/** The event without its personal values, or null when the row is to be deleted; unchanged types pass. */
export function withoutPersonalValues(type: string, body: Body): Body | null {
  switch (type) {
    case 'employee.created': {
      const employee = (body.employee ?? {}) as Body;
      return { ...body, version: 2, employee: { status: employee.status, role: employee.role } };
    }
    case 'employee.status-changed': {
      const { reason: _reason, ...rest } = body;
      return { ...rest, version: 2 };
    }
    case 'employee.password-reset-requested': {
      const { link: _link, ...rest } = body;
      return rest;
    }
    case 'legacy.notification':
      return null;
    default:
      return body;
  }
}

const REWRITTEN_TYPES = [
  'employee.created',
  'employee.status-changed',
  'employee.password-reset-requested',
  'legacy.notification',
];

export const eventsCarryIdsOnly: Migration = {
  name: '012-events-carry-ids-only',
  async up({ context: q }: { context: QueryInterface }) {
    const sequelize = q.sequelize;
    let after = 0;
    for (;;) {
      const rows = await sequelize.query<EventRow>(
        'SELECT seq, type, body FROM events WHERE seq > :after AND type IN (:types) ORDER BY seq LIMIT :limit',
        { replacements: { after, types: REWRITTEN_TYPES, limit: BATCH }, type: QueryTypes.SELECT },
      );
      if (rows.length === 0) break;
      await sequelize.transaction(async (transaction) => {
        for (const row of rows) {
          const rewritten = withoutPersonalValues(row.type, JSON.parse(row.body) as Body);
          if (rewritten === null) {
            await sequelize.query('DELETE FROM event_deliveries WHERE event_seq = :seq', {
              replacements: { seq: row.seq },
              transaction,
            });
            await sequelize.query('DELETE FROM events WHERE seq = :seq', {
              replacements: { seq: row.seq },
              transaction,
            });
            continue;
          }
          await sequelize.query('UPDATE events SET body = :body, version = :version WHERE seq = :seq', {
            replacements: { seq: row.seq, body: JSON.stringify(rewritten), version: Number(rewritten.version) },
            transaction,
          });
        }
      });
      after = rows[rows.length - 1].seq;
    }
  },
  async down() {
    // Nothing to undo: the values taken out are kept nowhere to put back.
  },
};

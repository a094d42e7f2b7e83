/**
 * The personal notices delivered for one person (the personal archive's list of emails sent to them): the
 * outbox's events that the `personal-notices` subscriber handled, about them, or naming them as the manager to
 * tell. SES keeps no copy of an email, so the outbox is where every environment remembers what was sent.
 */
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';

export interface DeliveredNotice {
  body: string;
  deliveredAt: string;
}

const PERSONAL_SUBSCRIBER = 'personal-notices';

export async function listDeliveredNoticeEvents(db: Database, employeeId: string): Promise<DeliveredNotice[]> {
  // A manager's notice is an event about the new colleague that names the manager in its body. The employee id
  // is a UUID, so the LIKE matches it and nothing else; only workflow notices are searched.
  const rows = await db.sequelize.query<{ body: string; delivered_at: Date | string | number }>(
    `SELECT e.body, d.delivered_at FROM event_deliveries d JOIN events e ON e.seq = d.event_seq
      WHERE d.subscriber = :subscriber AND d.delivered_at IS NOT NULL
        AND (d.employee_id = :employeeId
             OR (e.type = 'employee.verification-notice' AND e.body LIKE :managerPattern))
      ORDER BY d.event_seq`,
    {
      replacements: {
        subscriber: PERSONAL_SUBSCRIBER,
        employeeId,
        managerPattern: `%"managerId":"${employeeId}"%`,
      },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((row) => ({ body: row.body, deliveredAt: new Date(row.delivered_at).toISOString() }));
}

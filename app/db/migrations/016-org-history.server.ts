/**
 * Where each person stood, and since when (docs/decisions/327-insights-from-history.md):
 * - `org_history`: one row per period in which an employee's department, office and status stayed the same;
 *   `valid_until` is null on the current row, and `status_from` is the status of the period before (null for the
 *   first), so joiners and leavers are counted with a GROUP BY, without comparing rows. Written by
 *   app/models/org-history.server.ts wherever the employee row's department, office or status changes. Personal
 *   data about the employee in `employee_id`: removed with the employee.
 * - `events_type_time`: the insights read events by type and time, not by employee.
 *
 * Filled here from what the outbox knows: the statuses come from each employee's `employee.created` and
 * `employee.status-changed` events, so past statuses are true; events carry no department or office
 * (docs/decisions/021-events-carry-ids-only.md), so every period before this migration gets the department and
 * office the employee has now.
 */
import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

const BATCH = 500;

interface EmployeeRow {
  id: string;
  department: string;
  office_location: string | null;
  status: string;
  created_at: Date | string;
}

interface StatusEventRow {
  employee_id: string;
  type: string;
  body: string;
  occurred_at: Date | string;
}

interface Period {
  employee_id: string;
  department: string;
  office_location: string | null;
  status: string;
  status_from: string | null;
  valid_from: Date;
  valid_until: Date | null;
}

/** An employee's periods from their status events (oldest first); without events, one period from creation. */
export function periodsOf(employee: EmployeeRow, events: readonly StatusEventRow[]): Period[] {
  const changes: Array<{ at: Date; status: string }> = [];
  for (const event of events) {
    const body = JSON.parse(event.body) as { employee?: { status?: string }; to?: string };
    const status = event.type === 'employee.created' ? body.employee?.status : body.to;
    if (typeof status === 'string') changes.push({ at: new Date(event.occurred_at), status });
  }
  if (changes.length === 0) changes.push({ at: new Date(employee.created_at), status: employee.status });
  const periods: Period[] = [];
  for (const change of changes) {
    const previous = periods.at(-1);
    if (previous?.status === change.status) continue;
    if (previous) previous.valid_until = change.at;
    periods.push({
      employee_id: employee.id,
      department: employee.department,
      office_location: employee.office_location,
      status: change.status,
      status_from: previous?.status ?? null,
      valid_from: change.at,
      valid_until: null,
    });
  }
  return periods;
}

export const orgHistorySchema: Migration = {
  name: '016-org-history',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'org_history',
      {
        id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
        employee_id: {
          type: DataTypes.UUID,
          allowNull: false,
          references: { model: 'employees', key: 'id' },
          onDelete: 'CASCADE',
        },
        department: { type: DataTypes.STRING(80), allowNull: false },
        office_location: { type: DataTypes.STRING(120), allowNull: true },
        /** pending, active or inactive. */
        status: { type: DataTypes.STRING(16), allowNull: false },
        status_from: { type: DataTypes.STRING(16), allowNull: true },
        valid_from: { type: DataTypes.DATE(3), allowNull: false },
        valid_until: { type: DataTypes.DATE(3), allowNull: true },
      },
      utf8mb4,
    );
    await q.addIndex('org_history', ['employee_id', 'valid_until'], { name: 'org_history_employee' });
    await q.addIndex('org_history', ['valid_from', 'valid_until'], { name: 'org_history_time' });
    await q.addIndex('events', ['type', 'occurred_at'], { name: 'events_type_time' });

    let after = '';
    for (;;) {
      const employees = await q.sequelize.query<EmployeeRow>(
        'SELECT id, department, office_location, status, created_at FROM employees WHERE id > :after ORDER BY id LIMIT :limit',
        { replacements: { after, limit: BATCH }, type: QueryTypes.SELECT },
      );
      if (employees.length === 0) break;
      const events = await q.sequelize.query<StatusEventRow>(
        `SELECT employee_id, type, body, occurred_at FROM events
         WHERE employee_id IN (:ids) AND type IN ('employee.created', 'employee.status-changed') ORDER BY seq`,
        { replacements: { ids: employees.map((employee) => employee.id) }, type: QueryTypes.SELECT },
      );
      const rows = employees.flatMap((employee) =>
        periodsOf(
          employee,
          events.filter((event) => event.employee_id === employee.id),
        ),
      );
      if (rows.length > 0) await q.bulkInsert('org_history', rows);
      after = employees[employees.length - 1].id;
    }
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.removeIndex('events', 'events_type_time');
    await q.dropTable('org_history');
  },
};

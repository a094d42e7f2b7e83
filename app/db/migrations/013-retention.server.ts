/**
 * Retention (docs/decisions/321-retention-periods-and-sweep.md):
 * - `employees.status_changed_at` and `status_change`: when and how the status last changed (a rejection, a
 *   deactivation), the moment the retention periods count from. Filled here from each employee's newest
 *   `employee.status-changed` event, or the row's creation for an employee whose status never changed.
 * - `retention_notices`: one row per person and kind of deadline (application, profile, face): when HR was told
 *   and when the sweep acted, so each is done once. `employee_id` holds the person's id.
 * - `retention_sweep_lease`: one row saying when the sweep is next due and which instance holds it, so that on
 *   AWS one instance at a time runs it, once per retention day.
 */
import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

const time = (allowNull: boolean) => ({ type: DataTypes.DATE(3), allowNull });
const epochMs = (allowNull: boolean) => ({ type: DataTypes.BIGINT, allowNull });

export const retentionSchema: Migration = {
  name: '013-retention',
  async up({ context: q }: { context: QueryInterface }) {
    await q.addColumn('employees', 'status_changed_at', time(true));
    await q.addColumn('employees', 'status_change', { type: DataTypes.STRING(16), allowNull: true });
    await q.sequelize.query('UPDATE employees SET status_changed_at = created_at');
    const latest = await q.sequelize.query<{ employee_id: string; body: string; occurred_at: Date | string }>(
      `SELECT e.employee_id, e.body, e.occurred_at FROM events e
       JOIN (SELECT employee_id, MAX(seq) AS seq FROM events WHERE type = 'employee.status-changed' GROUP BY employee_id) newest
         ON newest.seq = e.seq`,
      { type: QueryTypes.SELECT },
    );
    for (const row of latest) {
      const change = (JSON.parse(row.body) as { change?: unknown }).change;
      await q.sequelize.query('UPDATE employees SET status_changed_at = :at, status_change = :change WHERE id = :id', {
        replacements: {
          id: row.employee_id,
          at: new Date(row.occurred_at),
          change: typeof change === 'string' ? change.slice(0, 16) : null,
        },
      });
    }
    await q.addIndex('employees', ['status', 'status_changed_at'], { name: 'employees_status_changed' });

    await q.createTable(
      'retention_notices',
      {
        employee_id: { type: DataTypes.UUID, allowNull: false, primaryKey: true },
        /** `application` (erase), `profile` (erase) or `face` (delete face references). */
        kind: { type: DataTypes.STRING(16), allowNull: false, primaryKey: true },
        /** The status change the deadline counts from: a later change (reactivated, then deactivated) starts anew. */
        basis_at: time(false),
        due_at: time(false),
        notified_at: time(false),
        acted_at: time(true),
      },
      utf8mb4,
    );

    await q.createTable(
      'retention_sweep_lease',
      {
        name: { type: DataTypes.STRING(32), allowNull: false, primaryKey: true },
        next_run_at: epochMs(false),
        holder: { type: DataTypes.STRING(64), allowNull: true },
        lease_expires_at: epochMs(true),
      },
      utf8mb4,
    );
    await q.bulkInsert('retention_sweep_lease', [
      { name: 'retention', next_run_at: 0, holder: null, lease_expires_at: null },
    ]);
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('retention_sweep_lease');
    await q.dropTable('retention_notices');
    await q.removeIndex('employees', 'employees_status_changed');
    await q.removeColumn('employees', 'status_change');
    await q.removeColumn('employees', 'status_changed_at');
  },
};

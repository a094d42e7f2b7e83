/**
 * HR's approval of a person's change to a field HR defines (docs/decisions/323-field-change-approval.md):
 * - `field_definitions.needs_approval`: a change the person makes on /me waits for HR (only for a field the
 *   person may change; checked on save);
 * - `field_change_requests`: one row per change asked for: the person, the field's key, the value before and the
 *   value asked for (JSON, as `employees.custom_fields` holds them), when it was asked, and once decided when, by
 *   which HR employee (nulled when that HR person is erased), the outcome and HR's reason. At most one row per
 *   person and field is undecided (`decided_at` null): a new change replaces it (kept so by the service, in a
 *   transaction, since a partial unique index is not portable to MariaDB).
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

export const fieldChangeApprovalSchema: Migration = {
  name: '015-field-change-approval',
  async up({ context: q }: { context: QueryInterface }) {
    await q.addColumn('field_definitions', 'needs_approval', {
      type: DataTypes.INTEGER,
      allowNull: false,
      defaultValue: 0,
    });
    await q.createTable(
      'field_change_requests',
      {
        id: { type: DataTypes.UUID, allowNull: false, primaryKey: true },
        employee_id: { type: DataTypes.UUID, allowNull: false },
        field_key: { type: DataTypes.STRING(40), allowNull: false },
        old_value: { type: DataTypes.TEXT, allowNull: true },
        new_value: { type: DataTypes.TEXT, allowNull: true },
        requested_at: { type: DataTypes.DATE(3), allowNull: false },
        decided_at: { type: DataTypes.DATE(3), allowNull: true },
        decided_by: { type: DataTypes.UUID, allowNull: true },
        /** `approved`, `refused`, or `closed` (the field was retired while the change waited). */
        outcome: { type: DataTypes.STRING(8), allowNull: true },
        reason: { type: DataTypes.STRING(500), allowNull: true },
      },
      utf8mb4,
    );
    await q.addIndex('field_change_requests', ['employee_id', 'field_key'], { name: 'field_change_requests_person' });
    await q.addIndex('field_change_requests', ['decided_at', 'requested_at'], { name: 'field_change_requests_open' });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('field_change_requests');
    await q.removeColumn('field_definitions', 'needs_approval');
  },
};

/**
 * What SCIM provisioning keeps about a person (docs/decisions/328-scim-provisioned-people.md):
 * - `employees.external_id`: the identity provider's own id for the person (SCIM `externalId`), unique, so a
 *   retried create finds the person it made; null for everyone who did not come through SCIM. Goes with the row.
 * - `employees.scim_deleted_at`: when the provider deleted the person. The profile stays (for HR and the retention
 *   rules) and is deactivated; to the provider the resource is gone (RFC 7644 §3.6: 404 from then on).
 * - `scim_pending_managers`: a manager reference that arrived before the manager did (the SCIM id or externalId
 *   the provider named), one row per person waiting, resolved and deleted when a person with that id or externalId
 *   is created. Personal data about `employee_id`: removed with the employee.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

export const scimUsersSchema: Migration = {
  name: '018-scim-users',
  async up({ context: q }: { context: QueryInterface }) {
    await q.addColumn('employees', 'external_id', { type: DataTypes.STRING(255), allowNull: true });
    await q.addIndex('employees', ['external_id'], { unique: true, name: 'employees_external_id_unique' });
    await q.addColumn('employees', 'scim_deleted_at', { type: DataTypes.DATE(3), allowNull: true });
    await q.createTable(
      'scim_pending_managers',
      {
        employee_id: {
          type: DataTypes.UUID,
          allowNull: false,
          primaryKey: true,
          references: { model: 'employees', key: 'id' },
          onDelete: 'CASCADE',
        },
        manager_ref: { type: DataTypes.STRING(255), allowNull: false },
        created_at: { type: DataTypes.DATE(3), allowNull: false },
      },
      utf8mb4,
    );
    await q.addIndex('scim_pending_managers', ['manager_ref'], { name: 'scim_pending_managers_ref' });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('scim_pending_managers');
    await q.removeColumn('employees', 'scim_deleted_at');
    await q.removeIndex('employees', 'employees_external_id_unique');
    await q.removeColumn('employees', 'external_id');
  },
};

/**
 * Webhooks to other systems (docs/decisions/329-signed-webhooks.md):
 * - `webhook_endpoints`: what HR registered on /admin/webhooks: a name, the URL, the event types it hears (JSON), its
 *   signing secrets encrypted with AES-256-GCM (JSON: the current one first, a rotated one with its retirement
 *   time), and whether it is enabled. Nothing about a person; no column names who registered it.
 * - `webhook_deliveries`: one row per event and endpoint: the payload as signed (ids and field names only), its
 *   state (pending, delivered, failed after the last attempt, cancelled), attempts, the next attempt, and the last
 *   answer (status code and a truncated body or error). About the employee in `employee_id`: removed with them
 *   (app/models/rows-about-a-person.server.ts), shown in their archive.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

export const webhooksSchema: Migration = {
  name: '019-webhooks',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'webhook_endpoints',
      {
        id: { type: DataTypes.UUID, allowNull: false, primaryKey: true },
        name: { type: DataTypes.STRING(80), allowNull: false },
        url: { type: DataTypes.STRING(2048), allowNull: false },
        event_types: { type: DataTypes.TEXT, allowNull: false },
        secrets: { type: DataTypes.TEXT, allowNull: false },
        enabled: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        created_at: { type: DataTypes.DATE(3), allowNull: false },
      },
      utf8mb4,
    );
    await q.createTable(
      'webhook_deliveries',
      {
        id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
        endpoint_id: {
          type: DataTypes.UUID,
          allowNull: false,
          references: { model: 'webhook_endpoints', key: 'id' },
          onDelete: 'CASCADE',
        },
        event_id: { type: DataTypes.UUID, allowNull: false },
        employee_id: { type: DataTypes.UUID, allowNull: false },
        event_type: { type: DataTypes.STRING(64), allowNull: false },
        payload: { type: DataTypes.TEXT, allowNull: false },
        /** pending, delivered, failed or cancelled. */
        status: { type: DataTypes.STRING(10), allowNull: false },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        next_attempt_at: { type: DataTypes.DATE(3), allowNull: true },
        last_attempt_at: { type: DataTypes.DATE(3), allowNull: true },
        last_status_code: { type: DataTypes.INTEGER, allowNull: true },
        last_response: { type: DataTypes.STRING(300), allowNull: true },
        delivered_at: { type: DataTypes.DATE(3), allowNull: true },
        created_at: { type: DataTypes.DATE(3), allowNull: false },
      },
      utf8mb4,
    );
    // A redelivered event fans out once per endpoint.
    await q.addIndex('webhook_deliveries', ['endpoint_id', 'event_id'], {
      name: 'webhook_deliveries_once',
      unique: true,
    });
    await q.addIndex('webhook_deliveries', ['status', 'next_attempt_at'], { name: 'webhook_deliveries_due' });
    await q.addIndex('webhook_deliveries', ['employee_id'], { name: 'webhook_deliveries_employee' });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('webhook_deliveries');
    await q.dropTable('webhook_endpoints');
  },
};

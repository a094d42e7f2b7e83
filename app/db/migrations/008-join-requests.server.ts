/**
 * Join requests (docs/decisions/318-join-proves-the-work-address.md): a joiner proves they read mail at the work
 * address before any profile exists. One row per link sent: the SHA-256 of its single-use token, the address it
 * went to and when it expires (24 hours). Nothing else about the person; a row is deleted when a link to its address
 * is used, and expired rows by the primary's sweep (app/runtime/primary.server.ts).
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

const epochMs = { type: DataTypes.BIGINT, allowNull: false };

export const joinRequestsSchema: Migration = {
  name: '008-join-requests',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'join_requests',
      {
        id: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
        work_email: { type: DataTypes.STRING(254), allowNull: false },
        created_at: epochMs,
        expires_at: epochMs,
      },
      utf8mb4,
    );
    await q.addIndex('join_requests', ['expires_at'], { name: 'join_requests_expiry' });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('join_requests');
  },
};

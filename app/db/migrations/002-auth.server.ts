/**
 * Authentication state, shared by every instance through the relational database: password credentials,
 * server-side sessions (revocable), login throttling counters and one-time password-reset tokens.
 * Times are epoch milliseconds (BIGINT) so that the atomic counter updates compare the same way on SQLite
 * and MySQL. Session ids and reset tokens are stored only as SHA-256 hashes.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

const employeeRef = {
  type: DataTypes.UUID,
  allowNull: false,
  references: { model: 'employees', key: 'id' },
  onDelete: 'CASCADE',
};
const epochMs = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const hashKey = { type: DataTypes.STRING(64), allowNull: false, primaryKey: true };

export const authSchema: Migration = {
  name: '002-auth',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'credentials',
      {
        employee_id: { ...employeeRef, primaryKey: true },
        password_hash: { type: DataTypes.STRING(255), allowNull: false },
        changed_at: epochMs(),
      },
      utf8mb4,
    );

    await q.createTable(
      'sessions',
      {
        id: hashKey,
        employee_id: employeeRef,
        created_at: epochMs(),
        last_seen_at: epochMs(),
        expires_at: epochMs(),
      },
      utf8mb4,
    );
    await q.addIndex('sessions', ['employee_id'], { name: 'sessions_employee' });
    await q.addIndex('sessions', ['expires_at'], { name: 'sessions_expiry' });

    // throttle_key = sha256("account:<email>") or sha256("ip:<address>"): no address or email stored in clear.
    await q.createTable(
      'login_throttle',
      {
        throttle_key: hashKey,
        failures: { type: DataTypes.INTEGER, allowNull: false },
        window_started_at: epochMs(),
      },
      utf8mb4,
    );

    await q.createTable(
      'password_reset_tokens',
      {
        id: hashKey,
        employee_id: employeeRef,
        created_at: epochMs(),
        expires_at: epochMs(),
        used_at: epochMs(true),
      },
      utf8mb4,
    );
    await q.addIndex('password_reset_tokens', ['employee_id'], { name: 'password_reset_employee' });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('password_reset_tokens');
    await q.dropTable('login_throttle');
    await q.dropTable('sessions');
    await q.dropTable('credentials');
  },
};

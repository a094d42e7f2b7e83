/**
 * Erasures (docs/decisions/020-erasure-as-a-durable-job.md): one row per erasure, which is both the job's state
 * and, once done, the tombstone that stays. It holds ids, times, who asked and why, never a name or an address:
 * the erased person's id is kept so HR can see that (and when, and why) that profile went.
 *
 * - `requested_by`: the HR admin's employee id, or `retention` for the retention sweep.
 * - `steps_done`: the names of the completed steps, comma-separated, in order (the job resumes after the last).
 * - `claimed_until`: the runner's lease (epoch ms): one runner at a time; a crashed runner's lease runs out.
 *
 * Times are epoch milliseconds (BIGINT), as in migration 002.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

const epochMs = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });

export const erasuresSchema: Migration = {
  name: '011-erasures',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'erasures',
      {
        id: { type: DataTypes.UUID, allowNull: false, primaryKey: true },
        // No foreign key: the employee row goes, this row stays.
        employee_id: { type: DataTypes.UUID, allowNull: false },
        requested_by: { type: DataTypes.STRING(64), allowNull: false },
        reason: { type: DataTypes.STRING(500), allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false },
        steps_done: { type: DataTypes.STRING(500), allowNull: false, defaultValue: '' },
        last_error: { type: DataTypes.STRING(500), allowNull: true },
        requested_at: epochMs(),
        started_at: epochMs(true),
        completed_at: epochMs(true),
        claimed_until: epochMs(true),
      },
      utf8mb4,
    );
    await q.addIndex('erasures', ['employee_id'], { name: 'erasures_employee' });
    await q.addIndex('erasures', ['state'], { name: 'erasures_state' });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('erasures');
  },
};

/**
 * The verification workflow (decisions 010 and 011).
 *
 * - `workflow_tasks`: the callback tokens of the steps that wait (the photo, HR's decision), with the state's
 *   input (what the steps found so far, shown to HR) and HR's decision once made. Used by both engines, so
 *   any app instance can complete a step.
 * - `local_workflow_executions`, `local_workflow_history`, `local_workflow_answers`: the local engine only
 *   (AWS Step Functions keeps its own). An execution's last completed position (state and input) so that a
 *   restarted server resumes it, its event log for HR, and the answers HTTP workers hand to the primary
 *   process, which runs the executions.
 * - `employees.held_photo_id`: the upload the face check held for HR and that `employee.photo-held` has
 *   already announced, so the hold is announced once.
 *
 * Times are epoch milliseconds (BIGINT), as in migration 002.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

const epochMs = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const executionName = { type: DataTypes.STRING(80), allowNull: false };

export const verificationWorkflowSchema: Migration = {
  name: '006-verification-workflow',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'workflow_tasks',
      {
        id: { type: DataTypes.UUID, allowNull: false, primaryKey: true },
        employee_id: {
          type: DataTypes.UUID,
          allowNull: false,
          references: { model: 'employees', key: 'id' },
          onDelete: 'CASCADE',
        },
        step: { type: DataTypes.STRING(48), allowNull: false },
        // Step Functions' tokens run to several hundred characters (up to 1024 documented; 4096 accepted).
        task_token: { type: DataTypes.TEXT, allowNull: false },
        execution_id: { type: DataTypes.TEXT, allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false },
        findings: { type: DataTypes.TEXT, allowNull: false },
        decision: { type: DataTypes.TEXT, allowNull: true },
        waiting_since: epochMs(),
        completed_at: epochMs(true),
      },
      utf8mb4,
    );
    await q.addIndex('workflow_tasks', ['employee_id', 'status'], { name: 'workflow_tasks_employee' });
    await q.addIndex('workflow_tasks', ['status', 'step'], { name: 'workflow_tasks_waiting' });

    await q.createTable(
      'local_workflow_executions',
      {
        name: { ...executionName, primaryKey: true },
        employee_id: { type: DataTypes.UUID, allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false },
        input: { type: DataTypes.TEXT, allowNull: false },
        current_state: { type: DataTypes.STRING(64), allowNull: false },
        current_input: { type: DataTypes.TEXT, allowNull: false },
        started_at: epochMs(),
        stopped_at: epochMs(true),
        stop_cause: { type: DataTypes.STRING(500), allowNull: true },
      },
      utf8mb4,
    );
    await q.addIndex('local_workflow_executions', ['status'], { name: 'local_workflow_executions_status' });
    await q.addIndex('local_workflow_executions', ['employee_id'], { name: 'local_workflow_executions_employee' });

    await q.createTable(
      'local_workflow_history',
      {
        seq: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        execution_name: executionName,
        state: { type: DataTypes.STRING(64), allowNull: false },
        entered_at: epochMs(),
        exited_at: epochMs(true),
        outcome: { type: DataTypes.STRING(16), allowNull: false },
        summary: { type: DataTypes.STRING(500), allowNull: true },
      },
      utf8mb4,
    );
    await q.addIndex('local_workflow_history', ['execution_name', 'seq'], { name: 'local_workflow_history_execution' });

    await q.createTable(
      'local_workflow_answers',
      {
        task_token: { type: DataTypes.STRING(128), allowNull: false, primaryKey: true },
        ok: { type: DataTypes.BOOLEAN, allowNull: false },
        result: { type: DataTypes.TEXT, allowNull: true },
        error: { type: DataTypes.STRING(64), allowNull: true },
        cause: { type: DataTypes.STRING(500), allowNull: true },
        answered_at: epochMs(),
      },
      utf8mb4,
    );

    await q.addColumn('employees', 'held_photo_id', { type: DataTypes.UUID, allowNull: true });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.removeColumn('employees', 'held_photo_id');
    await q.dropTable('local_workflow_answers');
    await q.dropTable('local_workflow_history');
    await q.dropTable('local_workflow_executions');
    await q.dropTable('workflow_tasks');
  },
};

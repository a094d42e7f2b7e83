/**
 * The callback tokens of the workflow's waiting steps (a photo, HR's decision), kept so that any app instance
 * can complete the step (decision 010). One `waiting` row per employee and step at most: storing a step's
 * token again (the step ran again after a restart) supersedes the older one. HR's decision is stored on the
 * row as it completes it, so a step that runs again after a lost answer finds it.
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';
import { affectedRows } from '~/db/affected-rows.server';

export type WorkflowTaskStatus = 'waiting' | 'completed' | 'superseded';

export interface WorkflowTask {
  id: string;
  employeeId: string;
  step: string;
  taskToken: string;
  executionId: string;
  status: WorkflowTaskStatus;
  /** The state's input as the step received it (JSON): what the earlier steps found. */
  findings: string;
  /** HR's decision (JSON), once made. */
  decision: string | null;
  waitingSince: number;
  completedAt: number | null;
}

interface TaskRow {
  id: string;
  employee_id: string;
  step: string;
  task_token: string;
  execution_id: string;
  status: WorkflowTaskStatus;
  findings: string;
  decision: string | null;
  waiting_since: number | string;
  completed_at: number | string | null;
}

function fromRow(row: TaskRow): WorkflowTask {
  return {
    id: row.id,
    employeeId: row.employee_id,
    step: row.step,
    taskToken: row.task_token,
    executionId: row.execution_id,
    status: row.status,
    findings: row.findings,
    decision: row.decision,
    waitingSince: Number(row.waiting_since),
    completedAt: row.completed_at === null ? null : Number(row.completed_at),
  };
}

/** Stores a waiting step's token; an older waiting row of the same employee is superseded in the same transaction. */
export async function storeWaitingTask(
  db: Database,
  task: { employeeId: string; step: string; taskToken: string; executionId: string; findings: string },
  now = Date.now(),
): Promise<WorkflowTask> {
  const id = randomUUID();
  await db.sequelize.transaction(async (transaction) => {
    await db.sequelize.query(
      "UPDATE workflow_tasks SET status = 'superseded', completed_at = :now WHERE employee_id = :employeeId AND status = 'waiting'",
      { replacements: { now, employeeId: task.employeeId }, transaction },
    );
    await db.sequelize.query(
      `INSERT INTO workflow_tasks (id, employee_id, step, task_token, execution_id, status, findings, decision, waiting_since, completed_at)
       VALUES (:id, :employeeId, :step, :taskToken, :executionId, 'waiting', :findings, NULL, :now, NULL)`,
      { replacements: { id, now, ...task }, transaction },
    );
  });
  return { id, ...task, status: 'waiting', decision: null, waitingSince: now, completedAt: null };
}

/** The employee's waiting step, if any, optionally only among `steps`. */
export async function getWaitingTask(
  db: Database,
  employeeId: string,
  steps?: readonly string[],
): Promise<WorkflowTask | null> {
  const rows = await db.sequelize.query<TaskRow>(
    "SELECT * FROM workflow_tasks WHERE employee_id = :employeeId AND status = 'waiting' ORDER BY waiting_since DESC",
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  const row = rows.find((candidate) => !steps || steps.includes(candidate.step));
  return row ? fromRow(row) : null;
}

/** Every waiting step among `steps` (HR's pending page), oldest first. */
export async function listWaitingTasks(db: Database, steps: readonly string[], limit = 200): Promise<WorkflowTask[]> {
  const rows = await db.sequelize.query<TaskRow>(
    `SELECT * FROM workflow_tasks WHERE status = 'waiting' AND step IN (:steps) ORDER BY waiting_since LIMIT ${Math.trunc(limit)}`,
    { replacements: { steps: [...steps] }, type: QueryTypes.SELECT },
  );
  return rows.map(fromRow);
}

/** HR's decisions recorded on rows among `steps` completed since `since` (ms), newest first. */
export async function listDecisionsSince(
  db: Database,
  steps: readonly string[],
  since: number,
  limit = 200,
): Promise<Array<Pick<WorkflowTask, 'employeeId' | 'decision' | 'completedAt'>>> {
  const rows = await db.sequelize.query<TaskRow>(
    `SELECT * FROM workflow_tasks WHERE status = 'completed' AND decision IS NOT NULL AND step IN (:steps)
     AND completed_at >= :since ORDER BY completed_at DESC LIMIT ${Math.trunc(limit)}`,
    { replacements: { steps: [...steps], since }, type: QueryTypes.SELECT },
  );
  return rows.map(fromRow).map(({ employeeId, decision, completedAt }) => ({ employeeId, decision, completedAt }));
}

/**
 * Completes a waiting row (with HR's decision, when there is one). False when it was no longer waiting:
 * someone else answered it first, so the caller must not answer the engine a second time.
 */
export async function completeWaitingTask(
  db: Database,
  id: string,
  options: { decision?: string; now?: number } = {},
): Promise<boolean> {
  const [, affected] = await db.sequelize.query(
    "UPDATE workflow_tasks SET status = 'completed', completed_at = :now, decision = :decision WHERE id = :id AND status = 'waiting'",
    {
      replacements: { id, now: options.now ?? Date.now(), decision: options.decision ?? null },
      type: QueryTypes.UPDATE,
    },
  );
  return affectedRows(affected) === 1;
}

/** Puts a completed row back to waiting (the engine could not be told; HR may try again). */
export async function reopenTask(db: Database, id: string): Promise<void> {
  await db.sequelize.query(
    "UPDATE workflow_tasks SET status = 'waiting', completed_at = NULL, decision = NULL WHERE id = :id AND status = 'completed'",
    { replacements: { id } },
  );
}

/** HR's decision recorded on a completed row of this execution, if a step asks again (after a lost answer). */
export async function getRecordedDecision(db: Database, executionId: string): Promise<string | null> {
  const rows = await db.sequelize.query<{ decision: string }>(
    "SELECT decision FROM workflow_tasks WHERE execution_id = :executionId AND decision IS NOT NULL AND status = 'completed' ORDER BY completed_at DESC",
    { replacements: { executionId }, type: QueryTypes.SELECT },
  );
  return rows[0]?.decision ?? null;
}

/** Ends the employee's waiting rows (the execution stopped). */
export async function supersedeWaitingTasks(db: Database, employeeId: string, now = Date.now()): Promise<void> {
  await db.sequelize.query(
    "UPDATE workflow_tasks SET status = 'superseded', completed_at = :now WHERE employee_id = :employeeId AND status = 'waiting'",
    { replacements: { now, employeeId } },
  );
}

/**
 * Whether the verification workflow answers for a photo that settled at `since`: its photo step was waiting
 * then, or began after it (it then finds the settled photo at once), or the employee has no step yet (an
 * execution just started begins with the photo step). The workflow then asks for another photo itself.
 */
export async function workflowAwaitsPhotoSince(db: Database, employeeId: string, since: number): Promise<boolean> {
  const [row] = await db.sequelize.query<{ tasks: number | string; photo_waits: number | string | null }>(
    `SELECT COUNT(*) AS tasks,
            SUM(CASE WHEN step = 'WaitForPhoto' AND (status = 'waiting' OR (status = 'completed' AND completed_at >= :since))
                THEN 1 ELSE 0 END) AS photo_waits
     FROM workflow_tasks WHERE employee_id = :employeeId`,
    { replacements: { employeeId, since }, type: QueryTypes.SELECT },
  );
  return Number(row?.tasks ?? 0) === 0 || Number(row?.photo_waits ?? 0) > 0;
}

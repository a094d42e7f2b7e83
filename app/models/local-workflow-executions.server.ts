/**
 * The local engine's executions (decision 011): where each one stands, so that a restarted server resumes it
 * from its last completed step, and its event log, which HR reads as the execution's history. AWS Step
 * Functions keeps both itself; only the local engine writes these tables.
 */
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';
import { affectedRows } from '~/db/affected-rows.server';

export type LocalExecutionStatus = 'running' | 'succeeded' | 'failed' | 'aborted';

export interface LocalExecution {
  name: string;
  employeeId: string;
  status: LocalExecutionStatus;
  input: string;
  /** The state to run next: the one entered last, or the one after the last completed. */
  currentState: string;
  currentInput: string;
  startedAt: number;
  stoppedAt: number | null;
  stopCause: string | null;
}

export type HistoryOutcome = 'running' | 'succeeded' | 'failed' | 'timed-out' | 'caught';

export interface LocalHistoryEntry {
  seq: number;
  state: string;
  enteredAt: number;
  exitedAt: number | null;
  outcome: HistoryOutcome;
  summary: string | null;
}

interface ExecutionRow {
  name: string;
  employee_id: string;
  status: LocalExecutionStatus;
  input: string;
  current_state: string;
  current_input: string;
  started_at: number | string;
  stopped_at: number | string | null;
  stop_cause: string | null;
}

function fromRow(row: ExecutionRow): LocalExecution {
  return {
    name: row.name,
    employeeId: row.employee_id,
    status: row.status,
    input: row.input,
    currentState: row.current_state,
    currentInput: row.current_input,
    startedAt: Number(row.started_at),
    stoppedAt: row.stopped_at === null ? null : Number(row.stopped_at),
    stopCause: row.stop_cause,
  };
}

/** Inserts a new running execution; false when one of that name exists (a retried start). */
export async function insertExecution(
  db: Database,
  execution: { name: string; employeeId: string; input: string; startAt: string },
  now = Date.now(),
): Promise<boolean> {
  const [existing] = await db.sequelize.query<{ name: string }>(
    'SELECT name FROM local_workflow_executions WHERE name = :name',
    { replacements: { name: execution.name }, type: QueryTypes.SELECT },
  );
  if (existing) return false;
  try {
    await db.sequelize.query(
      `INSERT INTO local_workflow_executions (name, employee_id, status, input, current_state, current_input, started_at, stopped_at, stop_cause)
       VALUES (:name, :employeeId, 'running', :input, :startAt, :input, :now, NULL, NULL)`,
      { replacements: { ...execution, now } },
    );
    return true;
  } catch (error) {
    // Two starts at once: the primary key lets one in.
    if ((error as Error).name === 'SequelizeUniqueConstraintError') return false;
    throw error;
  }
}

export async function getExecution(db: Database, name: string): Promise<LocalExecution | null> {
  const [row] = await db.sequelize.query<ExecutionRow>('SELECT * FROM local_workflow_executions WHERE name = :name', {
    replacements: { name },
    type: QueryTypes.SELECT,
  });
  return row ? fromRow(row) : null;
}

export async function listRunningExecutions(db: Database): Promise<LocalExecution[]> {
  const rows = await db.sequelize.query<ExecutionRow>(
    "SELECT * FROM local_workflow_executions WHERE status = 'running' ORDER BY started_at",
    { type: QueryTypes.SELECT },
  );
  return rows.map(fromRow);
}

/** Where a running execution stands now: the state to run next and its input. */
export async function saveExecutionPosition(
  db: Database,
  name: string,
  position: { state: string; input: string },
): Promise<void> {
  await db.sequelize.query(
    "UPDATE local_workflow_executions SET current_state = :state, current_input = :input WHERE name = :name AND status = 'running'",
    { replacements: { name, ...position }, type: QueryTypes.UPDATE },
  );
}

/** Ends a running execution; false if it had already ended (stopped by someone else). */
export async function finishExecution(
  db: Database,
  name: string,
  outcome: { status: Exclude<LocalExecutionStatus, 'running'>; cause?: string },
  now = Date.now(),
): Promise<boolean> {
  const [, affected] = await db.sequelize.query(
    "UPDATE local_workflow_executions SET status = :status, stopped_at = :now, stop_cause = :cause WHERE name = :name AND status = 'running'",
    {
      replacements: { name, now, status: outcome.status, cause: outcome.cause?.slice(0, 500) ?? null },
      type: QueryTypes.UPDATE,
    },
  );
  return affectedRows(affected) === 1;
}

export async function appendHistory(
  db: Database,
  entry: { executionName: string; state: string; enteredAt: number },
): Promise<void> {
  await db.sequelize.query(
    `INSERT INTO local_workflow_history (execution_name, state, entered_at, exited_at, outcome, summary)
     VALUES (:executionName, :state, :enteredAt, NULL, 'running', NULL)`,
    { replacements: entry },
  );
}

/** Closes the newest open entry of a state (an execution is in one state at a time). */
export async function closeHistory(
  db: Database,
  executionName: string,
  state: string,
  result: { outcome: HistoryOutcome; summary?: string | null; exitedAt: number },
): Promise<void> {
  const [open] = await db.sequelize.query<{ seq: number }>(
    "SELECT seq FROM local_workflow_history WHERE execution_name = :executionName AND state = :state AND outcome = 'running' ORDER BY seq DESC",
    { replacements: { executionName, state }, type: QueryTypes.SELECT },
  );
  if (!open) return;
  await db.sequelize.query(
    'UPDATE local_workflow_history SET outcome = :outcome, summary = COALESCE(:summary, summary), exited_at = :exitedAt WHERE seq = :seq',
    {
      replacements: {
        seq: open.seq,
        outcome: result.outcome,
        exitedAt: result.exitedAt,
        summary: result.summary?.slice(0, 500) ?? null,
      },
      type: QueryTypes.UPDATE,
    },
  );
}

/** Adds a summary to the newest entry of a state that has none (the step's result, known to the carrier). */
export async function summariseHistory(
  db: Database,
  executionName: string,
  state: string,
  summary: string,
): Promise<void> {
  const [entry] = await db.sequelize.query<{ seq: number }>(
    'SELECT seq FROM local_workflow_history WHERE execution_name = :executionName AND state = :state ORDER BY seq DESC',
    { replacements: { executionName, state }, type: QueryTypes.SELECT },
  );
  if (!entry) return;
  await db.sequelize.query('UPDATE local_workflow_history SET summary = :summary WHERE seq = :seq', {
    replacements: { seq: entry.seq, summary: summary.slice(0, 500) },
    type: QueryTypes.UPDATE,
  });
}

/** Entries still open when the server stopped: closed as interrupted before the execution resumes. */
export async function closeInterruptedHistory(db: Database, executionName: string, now = Date.now()): Promise<void> {
  await db.sequelize.query(
    "UPDATE local_workflow_history SET outcome = 'failed', exited_at = :now, summary = 'Interrupted by a restart of the server; resumed.' WHERE execution_name = :executionName AND outcome = 'running'",
    { replacements: { executionName, now }, type: QueryTypes.UPDATE },
  );
}

/** Entries left open when the execution ended (it failed in that state). */
export async function closeOpenHistory(
  db: Database,
  executionName: string,
  result: { outcome: HistoryOutcome; summary: string },
  now = Date.now(),
): Promise<void> {
  await db.sequelize.query(
    "UPDATE local_workflow_history SET outcome = :outcome, exited_at = :now, summary = COALESCE(summary, :summary) WHERE execution_name = :executionName AND outcome = 'running'",
    { replacements: { executionName, now, ...result }, type: QueryTypes.UPDATE },
  );
}

export async function listHistory(db: Database, executionName: string): Promise<LocalHistoryEntry[]> {
  const rows = await db.sequelize.query<{
    seq: number;
    state: string;
    entered_at: number | string;
    exited_at: number | string | null;
    outcome: HistoryOutcome;
    summary: string | null;
  }>('SELECT * FROM local_workflow_history WHERE execution_name = :executionName ORDER BY seq', {
    replacements: { executionName },
    type: QueryTypes.SELECT,
  });
  return rows.map((row) => ({
    seq: Number(row.seq),
    state: row.state,
    enteredAt: Number(row.entered_at),
    exitedAt: row.exited_at === null ? null : Number(row.exited_at),
    outcome: row.outcome,
    summary: row.summary,
  }));
}

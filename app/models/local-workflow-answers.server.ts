/**
 * Answers to the local engine's tasks (decision 011): an HTTP worker (HR approves) or the primary itself
 * writes the answer here; the primary, which runs the executions, takes it and resumes the execution. The
 * token is the primary key, so a task is answered once: a second answer is refused, as Step Functions
 * refuses a second SendTaskSuccess.
 */
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';

export type LocalAnswer =
  { taskToken: string; ok: true; result: string } | { taskToken: string; ok: false; error: string; cause: string };

/** Records an answer; false when the task already has one. */
export async function insertAnswer(db: Database, answer: LocalAnswer, now = Date.now()): Promise<boolean> {
  try {
    await db.sequelize.query(
      `INSERT INTO local_workflow_answers (task_token, ok, result, error, cause, answered_at)
       VALUES (:taskToken, :ok, :result, :error, :cause, :now)`,
      {
        replacements: {
          taskToken: answer.taskToken,
          ok: answer.ok,
          result: answer.ok ? answer.result : null,
          error: answer.ok ? null : answer.error,
          cause: answer.ok ? null : answer.cause.slice(0, 500),
          now,
        },
      },
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'SequelizeUniqueConstraintError') return false;
    throw error;
  }
}

/** The answers to some of the given tokens (the ones the primary is waiting on). */
export async function findAnswers(db: Database, tokens: readonly string[]): Promise<LocalAnswer[]> {
  if (tokens.length === 0) return [];
  const rows = await db.sequelize.query<{
    task_token: string;
    ok: number | boolean;
    result: string | null;
    error: string | null;
    cause: string | null;
  }>('SELECT task_token, ok, result, error, cause FROM local_workflow_answers WHERE task_token IN (:tokens)', {
    replacements: { tokens: [...tokens] },
    type: QueryTypes.SELECT,
  });
  return rows.map((row) =>
    Boolean(row.ok)
      ? { taskToken: row.task_token, ok: true, result: row.result ?? '{}' }
      : { taskToken: row.task_token, ok: false, error: row.error ?? 'Workflow.TaskFailed', cause: row.cause ?? '' },
  );
}

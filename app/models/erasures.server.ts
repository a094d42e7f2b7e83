/**
 * The erasures table (migration 011, docs/decisions/020-erasure-as-a-durable-job.md): each erasure's job state and,
 * once complete, its tombstone. Ids, times, who and why only.
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import { affectedRows } from '~/db/affected-rows.server';
import type { Database } from '~/db/database.server';

export const ERASURE_STATES = ['requested', 'running', 'completed'] as const;
export type ErasureState = (typeof ERASURE_STATES)[number];

/** Who asked: an HR admin (their employee id) or the retention sweep. */
export type ErasureRequester = { kind: 'hr'; employeeId: string } | { kind: 'retention' };

export const RETENTION_REQUESTER = 'retention';

export interface Erasure {
  id: string;
  employeeId: string;
  requestedBy: ErasureRequester;
  reason: string;
  state: ErasureState;
  stepsDone: string[];
  lastError: string | null;
  requestedAt: number;
  startedAt: number | null;
  completedAt: number | null;
}

interface ErasureDbRow {
  id: string;
  employee_id: string;
  requested_by: string;
  reason: string;
  state: string;
  steps_done: string;
  last_error: string | null;
  requested_at: number | string;
  started_at: number | string | null;
  completed_at: number | string | null;
}

const orNull = (value: number | string | null) => (value === null ? null : Number(value));

function toErasure(row: ErasureDbRow): Erasure {
  return {
    id: row.id,
    employeeId: row.employee_id,
    requestedBy:
      row.requested_by === RETENTION_REQUESTER ? { kind: 'retention' } : { kind: 'hr', employeeId: row.requested_by },
    reason: row.reason,
    state: row.state as ErasureState,
    stepsDone: row.steps_done ? row.steps_done.split(',') : [],
    lastError: row.last_error,
    requestedAt: Number(row.requested_at),
    startedAt: orNull(row.started_at),
    completedAt: orNull(row.completed_at),
  };
}

/** The employee's unfinished erasure, if one is under way (a second request joins it). */
export async function findOpenErasure(
  db: Database,
  employeeId: string,
  options: { transaction?: Transaction } = {},
): Promise<Erasure | null> {
  const rows = await db.sequelize.query<ErasureDbRow>(
    "SELECT * FROM erasures WHERE employee_id = :employeeId AND state <> 'completed' ORDER BY requested_at LIMIT 1",
    { replacements: { employeeId }, type: QueryTypes.SELECT, transaction: options.transaction },
  );
  return rows[0] ? toErasure(rows[0]) : null;
}

export async function insertErasure(
  db: Database,
  input: { employeeId: string; requestedBy: ErasureRequester; reason: string },
  options: { transaction?: Transaction; now?: number } = {},
): Promise<string> {
  const id = randomUUID();
  await db.sequelize.query(
    'INSERT INTO erasures (id, employee_id, requested_by, reason, state, steps_done, requested_at) ' +
      "VALUES (:id, :employeeId, :requestedBy, :reason, 'requested', '', :now)",
    {
      replacements: {
        id,
        employeeId: input.employeeId,
        requestedBy: input.requestedBy.kind === 'hr' ? input.requestedBy.employeeId : RETENTION_REQUESTER,
        reason: input.reason,
        now: options.now ?? Date.now(),
      },
      type: QueryTypes.INSERT,
      transaction: options.transaction,
    },
  );
  return id;
}

export async function getErasure(db: Database, id: string): Promise<Erasure | null> {
  const rows = await db.sequelize.query<ErasureDbRow>('SELECT * FROM erasures WHERE id = :id', {
    replacements: { id },
    type: QueryTypes.SELECT,
  });
  return rows[0] ? toErasure(rows[0]) : null;
}

/** Every erasure of one employee id, newest first (the tombstone and any job under way). */
export async function listErasuresOf(db: Database, employeeId: string): Promise<Erasure[]> {
  const rows = await db.sequelize.query<ErasureDbRow>(
    'SELECT * FROM erasures WHERE employee_id = :employeeId ORDER BY requested_at DESC',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return rows.map(toErasure);
}

/** Whether an erasure of this employee was asked for (subscribers then send and index nothing more about them). */
export async function isErasureRequested(db: Database, employeeId: string): Promise<boolean> {
  const rows = await db.sequelize.query<{ id: string }>(
    'SELECT id FROM erasures WHERE employee_id = :employeeId LIMIT 1',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return rows.length > 0;
}

/** Unfinished erasures whose lease is free (never claimed, or the runner's lease ran out), oldest first. */
export async function listClaimableErasures(db: Database, now = Date.now(), limit = 20): Promise<string[]> {
  const rows = await db.sequelize.query<{ id: string }>(
    "SELECT id FROM erasures WHERE state <> 'completed' AND (claimed_until IS NULL OR claimed_until < :now) " +
      'ORDER BY requested_at LIMIT :limit',
    { replacements: { now, limit }, type: QueryTypes.SELECT },
  );
  return rows.map((row) => row.id);
}

/**
 * Takes (or renews) the lease on one erasure: one conditional UPDATE, so of two runners (two processes, two
 * instances) exactly one gets it. The holder renews it between steps; a runner killed mid-step leaves it to
 * run out, and the next claim resumes after the last recorded step.
 */
export async function claimErasure(
  db: Database,
  id: string,
  options: { leaseMs: number; now?: number; renewing?: boolean },
): Promise<boolean> {
  const now = options.now ?? Date.now();
  const [, affected] = await db.sequelize.query(
    "UPDATE erasures SET state = 'running', claimed_until = :until, started_at = COALESCE(started_at, :now) " +
      "WHERE id = :id AND state <> 'completed'" +
      (options.renewing ? '' : ' AND (claimed_until IS NULL OR claimed_until < :now)'),
    { replacements: { id, now, until: now + options.leaseMs }, type: QueryTypes.UPDATE },
  );
  return affectedRows(affected) === 1;
}

/** Records one completed step (the job never repeats it after a restart). */
export async function recordStepDone(db: Database, id: string, stepsDone: readonly string[]): Promise<void> {
  await db.sequelize.query('UPDATE erasures SET steps_done = :steps, last_error = NULL WHERE id = :id', {
    replacements: { id, steps: stepsDone.join(',') },
    type: QueryTypes.UPDATE,
  });
}

/** A step failed: the error's kind is kept for HR, the lease released so the next round tries again. */
export async function recordStepFailure(db: Database, id: string, error: string, retryAt: number): Promise<void> {
  await db.sequelize.query('UPDATE erasures SET last_error = :error, claimed_until = :retryAt WHERE id = :id', {
    replacements: { id, error: error.slice(0, 500), retryAt },
    type: QueryTypes.UPDATE,
  });
}

export async function completeErasure(db: Database, id: string, now = Date.now()): Promise<void> {
  await db.sequelize.query(
    "UPDATE erasures SET state = 'completed', completed_at = :now, claimed_until = NULL, last_error = NULL WHERE id = :id",
    { replacements: { id, now }, type: QueryTypes.UPDATE },
  );
}

/** Gives the lease back (the process stops between steps): the next round resumes at once. */
export async function releaseErasure(db: Database, id: string): Promise<void> {
  await db.sequelize.query("UPDATE erasures SET claimed_until = NULL WHERE id = :id AND state <> 'completed'", {
    replacements: { id },
    type: QueryTypes.UPDATE,
  });
}

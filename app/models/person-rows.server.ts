/**
 * The queries of erasure's database steps (docs/decisions/020-erasure-as-a-durable-job.md): counting and deleting
 * the rows about one employee (the list: rows-about-a-person.server.ts), taking their id out of other people's
 * event bodies, and purging their outbox once it has been delivered.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { sha256 } from '~/utils/hash-token.server';
import { verificationExecutionName } from '@shared/contracts/verification-workflow';
import { ROWS_BY_EMPLOYEE_ID } from './rows-about-a-person.server';
import { FORMER_EMPLOYEE_ACTOR } from './metadata.server';

export interface RowCount {
  table: string;
  rows: number;
}

/**
 * `%` and `_` are LIKE's wildcards, escaped with `!` (ESCAPE '!' in each query): a backslash would need writing
 * differently for MySQL and SQLite.
 */
export function likeContaining(value: string): string {
  return `%${value.replace(/[!%_]/g, (character) => `!${character}`)}%`;
}

function throttleKeysOf(emails: readonly string[]): string[] {
  return emails.map((email) => sha256(`account:${email.trim().toLowerCase()}`));
}

async function count(db: Database, sql: string, replacements: Record<string, unknown>): Promise<number> {
  const [row] = await db.sequelize.query<{ n: number | string }>(sql, { replacements, type: QueryTypes.SELECT });
  return Number(row?.n ?? 0);
}

/** How many rows each table holds about the employee (the preview), the employee row and their outbox included. */
export async function countRowsAbout(db: Database, employeeId: string, emails: readonly string[]): Promise<RowCount[]> {
  const counts: RowCount[] = [
    {
      table: 'employees',
      rows: await count(db, 'SELECT COUNT(*) AS n FROM employees WHERE id = :employeeId', { employeeId }),
    },
  ];
  for (const { table, column } of ROWS_BY_EMPLOYEE_ID) {
    counts.push({
      table,
      rows: await count(db, `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = :employeeId`, { employeeId }),
    });
  }
  const keys = throttleKeysOf(emails);
  counts.push({
    table: 'login_throttle',
    rows: keys.length
      ? await count(db, 'SELECT COUNT(*) AS n FROM login_throttle WHERE throttle_key IN (:keys)', { keys })
      : 0,
  });
  counts.push({
    table: 'join_requests',
    rows: emails.length
      ? await count(db, 'SELECT COUNT(*) AS n FROM join_requests WHERE LOWER(work_email) IN (:emails)', {
          emails: [...emails],
        })
      : 0,
  });
  const execution = verificationExecutionName(employeeId);
  counts.push({
    table: 'local_workflow_history',
    rows: await count(db, 'SELECT COUNT(*) AS n FROM local_workflow_history WHERE execution_name = :execution', {
      execution,
    }),
  });
  counts.push({
    table: 'recorded_notifications',
    rows: await count(db, "SELECT COUNT(*) AS n FROM recorded_notifications WHERE body LIKE :pattern ESCAPE '!'", {
      pattern: likeContaining(employeeId),
    }),
  });
  counts.push({
    table: 'events',
    rows: await count(db, 'SELECT COUNT(*) AS n FROM events WHERE employee_id = :employeeId', { employeeId }),
  });
  return counts;
}

/**
 * Deletes every row about the employee but their outbox, and the employee row last, inside the caller's
 * transaction. Other people's events that name them (as the actor, or a manager) get FORMER_EMPLOYEE_ACTOR or null
 * in that field instead.
 */
export async function deleteRowsAbout(
  db: Database,
  employeeId: string,
  emails: readonly string[],
  transaction: Transaction,
): Promise<void> {
  const run = (sql: string, replacements: Record<string, unknown>) =>
    db.sequelize.query(sql, { replacements, transaction, type: QueryTypes.BULKDELETE });
  const execution = verificationExecutionName(employeeId);
  await run('DELETE FROM local_workflow_history WHERE execution_name = :execution', { execution });
  await run("DELETE FROM local_workflow_answers WHERE task_token LIKE :tokens ESCAPE '!'", {
    tokens: `${likeContaining(`local:${execution}:`).slice(1)}`,
  });
  for (const { table, column } of ROWS_BY_EMPLOYEE_ID) {
    await run(`DELETE FROM ${table} WHERE ${column} = :employeeId`, { employeeId });
  }
  const keys = throttleKeysOf(emails);
  if (keys.length) await run('DELETE FROM login_throttle WHERE throttle_key IN (:keys)', { keys });
  if (emails.length)
    await run('DELETE FROM join_requests WHERE LOWER(work_email) IN (:emails)', { emails: [...emails] });
  await run("DELETE FROM recorded_notifications WHERE body LIKE :pattern ESCAPE '!'", {
    pattern: likeContaining(employeeId),
  });
  await db.sequelize.query(
    'UPDATE private_detail_views SET viewer_employee_id = NULL WHERE viewer_employee_id = :employeeId',
    { replacements: { employeeId }, transaction, type: QueryTypes.UPDATE },
  );
  await db.sequelize.query('UPDATE field_change_requests SET decided_by = NULL WHERE decided_by = :employeeId', {
    replacements: { employeeId },
    transaction,
    type: QueryTypes.UPDATE,
  });
  await db.sequelize.query('UPDATE scim_tokens SET created_by = NULL WHERE created_by = :employeeId', {
    replacements: { employeeId },
    transaction,
    type: QueryTypes.UPDATE,
  });
  await scrubOtherEvents(db, employeeId, transaction);
  await run('DELETE FROM employees WHERE id = :employeeId', { employeeId });
}

function withoutId(value: unknown, employeeId: string, key?: string): unknown {
  if (value === employeeId) return key === 'actorId' ? FORMER_EMPLOYEE_ACTOR : null;
  if (Array.isArray(value)) return value.map((item) => withoutId(item, employeeId));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, withoutId(inner, employeeId, name)]));
  }
  return value;
}

async function scrubOtherEvents(db: Database, employeeId: string, transaction: Transaction): Promise<void> {
  const rows = await db.sequelize.query<{ seq: number; body: string }>(
    "SELECT seq, body FROM events WHERE employee_id <> :employeeId AND body LIKE :pattern ESCAPE '!'",
    { replacements: { employeeId, pattern: likeContaining(employeeId) }, transaction, type: QueryTypes.SELECT },
  );
  for (const row of rows) {
    const body = JSON.stringify(withoutId(JSON.parse(row.body), employeeId));
    await db.sequelize.query('UPDATE events SET body = :body WHERE seq = :seq', {
      replacements: { body, seq: row.seq },
      transaction,
      type: QueryTypes.UPDATE,
    });
  }
}

/** Deliveries of the employee's `employee.deleted` event that have not reached their subscriber yet. */
export async function countUndeliveredDeletion(db: Database, employeeId: string): Promise<number> {
  return count(
    db,
    `SELECT COUNT(*) AS n FROM event_deliveries d JOIN events e ON e.seq = d.event_seq
     WHERE e.employee_id = :employeeId AND e.type = 'employee.deleted' AND d.delivered_at IS NULL`,
    { employeeId },
  );
}

/**
 * The employee's whole outbox: their events, every delivery row of them, and the webhook deliveries telling other
 * systems of their erasure (docs/decisions/329-signed-webhooks.md).
 */
export async function purgeOutboxOf(db: Database, employeeId: string): Promise<void> {
  await db.sequelize.transaction(async (transaction) => {
    const run = (sql: string) =>
      db.sequelize.query(sql, { replacements: { employeeId }, transaction, type: QueryTypes.BULKDELETE });
    await run('DELETE FROM webhook_deliveries WHERE employee_id = :employeeId');
    await run('DELETE FROM event_deliveries WHERE employee_id = :employeeId');
    await run('DELETE FROM events WHERE employee_id = :employeeId');
  });
}

/** Password credentials: one scrypt hash per employee in the `credentials` table. */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';

/** For imports and seeds that hash ahead of a transaction (scrypt is slow; keep it outside locks). */
export async function setPasswordHash(
  db: Database,
  employeeId: string,
  hash: string,
  options: { transaction?: Transaction } = {},
): Promise<void> {
  const now = Date.now();
  const [, updated] = (await db.sequelize.query(
    'UPDATE credentials SET password_hash = :hash, changed_at = :now WHERE employee_id = :employeeId',
    { replacements: { hash, now, employeeId }, transaction: options.transaction, type: QueryTypes.UPDATE },
  )) as unknown as [unknown, number];
  if (updated > 0) return;
  await db.sequelize.query(
    'INSERT INTO credentials (employee_id, password_hash, changed_at) VALUES (:employeeId, :hash, :now)',
    { replacements: { hash, now, employeeId }, transaction: options.transaction, type: QueryTypes.INSERT },
  );
}

export async function hasPassword(db: Database, employeeId: string): Promise<boolean> {
  const rows = await db.sequelize.query<{ employee_id: string }>(
    'SELECT employee_id FROM credentials WHERE employee_id = :employeeId',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return rows.length > 0;
}

export async function getPasswordHash(db: Database, employeeId: string): Promise<string | null> {
  const rows = await db.sequelize.query<{ password_hash: string }>(
    'SELECT password_hash FROM credentials WHERE employee_id = :employeeId',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return rows[0]?.password_hash ?? null;
}

/** When the password was last set (epoch ms), or null without one. */
export async function getPasswordChangedAt(db: Database, employeeId: string): Promise<number | null> {
  const rows = await db.sequelize.query<{ changed_at: number | string }>(
    'SELECT changed_at FROM credentials WHERE employee_id = :employeeId',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return rows[0] ? Number(rows[0].changed_at) : null;
}

/** Password credentials: one scrypt hash per employee in the `credentials` table. */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { getEmployeeByEmail, type PrivateEmployee } from '~/models/employee.server';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password.server';

/** Sets (or replaces) an employee's password. Pass the transaction that creates the employee to make both atomic. */
export async function setPassword(
  db: Database,
  employeeId: string,
  password: string,
  options: { transaction?: Transaction } = {},
): Promise<void> {
  const hash = await hashPassword(password);
  await setPasswordHash(db, employeeId, hash, options);
}

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

async function storedHash(db: Database, employeeId: string): Promise<string | null> {
  const rows = await db.sequelize.query<{ password_hash: string }>(
    'SELECT password_hash FROM credentials WHERE employee_id = :employeeId',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return rows[0]?.password_hash ?? null;
}

/** Checks the current password of a signed-in employee (change-password form). */
export async function checkPassword(db: Database, employeeId: string, password: string): Promise<boolean> {
  const hash = await storedHash(db, employeeId);
  if (!hash) return verifyAgainstDummy(password);
  return verifyPassword(password, hash);
}

/**
 * Email + password to an employee, or null. Inactive accounts cannot sign in; pending ones can (they see their
 * own profile waiting for HR). The time taken does not depend on whether the email exists.
 */
export async function verifyLogin(db: Database, email: string, password: string): Promise<PrivateEmployee | null> {
  const employee = await getEmployeeByEmail(db, email);
  const hash = employee ? await storedHash(db, employee.id) : null;
  if (!employee || !hash) return verifyAgainstDummy(password).then(() => null);
  if (!(await verifyPassword(password, hash))) return null;
  if (employee.status === 'inactive') return null;
  if (needsRehash(hash)) await setPassword(db, employee.id, password);
  return employee;
}

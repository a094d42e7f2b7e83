/** Password checks and changes; the `credentials` table itself is app/models/credentials.server.ts. */
import type { Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { getPasswordHash, setPasswordHash } from '~/models/credentials.server';
import { type PrivateEmployee } from '~/models/employee-projection.server';
import { getEmployeeByEmail } from '~/models/employee.server';
import { endResetTokens } from '~/models/password-reset-tokens.server';
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

/**
 * A new password chosen by its owner (on /me or through a reset link): the hash and the end of every open
 * reset link in one transaction, so a link asked for earlier cannot set a password after this one.
 */
export async function replacePassword(db: Database, employeeId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db.sequelize.transaction(async (transaction) => {
    await setPasswordHash(db, employeeId, hash, { transaction });
    await endResetTokens(db, employeeId, { transaction });
  });
}

/** Checks the current password of a signed-in employee (change-password form). */
export async function checkPassword(db: Database, employeeId: string, password: string): Promise<boolean> {
  const hash = await getPasswordHash(db, employeeId);
  if (!hash) return verifyAgainstDummy(password);
  return verifyPassword(password, hash);
}

/**
 * What a sign-in attempt found. `refused` covers an unknown email and a wrong password alike, so that nobody
 * learns from it whether an address has an account; `inactive` is only reached with the right password.
 */
export type SignInAttempt =
  | { outcome: 'signed-in'; employee: PrivateEmployee }
  | { outcome: 'refused' }
  | { outcome: 'inactive'; employee: PrivateEmployee };

/**
 * Email + password to an employee. Inactive accounts cannot sign in; pending ones can (they see their own
 * profile waiting for HR). The time taken does not depend on whether the email exists.
 */
export async function attemptSignIn(db: Database, email: string, password: string): Promise<SignInAttempt> {
  const employee = await getEmployeeByEmail(db, email);
  const hash = employee ? await getPasswordHash(db, employee.id) : null;
  if (!employee || !hash) return verifyAgainstDummy(password).then(() => ({ outcome: 'refused' }));
  if (!(await verifyPassword(password, hash))) return { outcome: 'refused' };
  if (employee.status === 'inactive') return { outcome: 'inactive', employee };
  if (needsRehash(hash)) await setPassword(db, employee.id, password);
  return { outcome: 'signed-in', employee };
}

/** The employee behind a correct email and password who may sign in, or null (tests and the seed check). */
export async function verifyLogin(db: Database, email: string, password: string): Promise<PrivateEmployee | null> {
  const attempt = await attemptSignIn(db, email, password);
  return attempt.outcome === 'signed-in' ? attempt.employee : null;
}

export { setPasswordHash, hasPassword } from '~/models/credentials.server';

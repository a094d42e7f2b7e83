/**
 * Password-reset tokens: one-time, expiring links. The token travels only in the link, in the email to the
 * employee (minted when that email is made, decision 308); the table stores its SHA-256. Using it, or setting a new password any other way,
 * burns every outstanding token of that employee and revokes their sessions.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { newToken, sha256 } from '~/utils/hash-token.server';

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

export async function createResetToken(db: Database, employeeId: string, now = Date.now()): Promise<string> {
  const token = newToken();
  await db.sequelize.query(
    'INSERT INTO password_reset_tokens (id, employee_id, created_at, expires_at, used_at) VALUES (:id, :employeeId, :now, :expires, NULL)',
    {
      replacements: { id: sha256(token), employeeId, now, expires: now + RESET_TOKEN_TTL_MS },
      type: QueryTypes.INSERT,
    },
  );
  return token;
}

/** The employee a token is valid for, or null when unknown, used or expired. Does not consume it. */
export async function findResetToken(db: Database, token: string, now = Date.now()): Promise<string | null> {
  const rows = await db.sequelize.query<{ employee_id: string; expires_at: number | string; used_at: unknown }>(
    'SELECT employee_id, expires_at, used_at FROM password_reset_tokens WHERE id = :id',
    { replacements: { id: sha256(token) }, type: QueryTypes.SELECT },
  );
  const row = rows[0];
  if (!row || row.used_at !== null || Number(row.expires_at) <= now) return null;
  return row.employee_id;
}

/**
 * Consumes a token atomically: of two concurrent uses, exactly one gets the employee id.
 * Other outstanding tokens of the same employee are burnt too.
 */
export async function consumeResetToken(db: Database, token: string, now = Date.now()): Promise<string | null> {
  const employeeId = await findResetToken(db, token, now);
  if (!employeeId) return null;
  const [, updated] = (await db.sequelize.query(
    'UPDATE password_reset_tokens SET used_at = :now WHERE id = :id AND used_at IS NULL AND expires_at > :now',
    { replacements: { id: sha256(token), now }, type: QueryTypes.UPDATE },
  )) as unknown as [unknown, number];
  if (updated !== 1) return null;
  await endResetTokens(db, employeeId, { now });
  return employeeId;
}

/**
 * Ends every open reset token of an employee: a link asked for before a password change, a reset or a
 * deactivation must not set a password afterwards. Pass the transaction of the change to make both one.
 */
export async function endResetTokens(
  db: Database,
  employeeId: string,
  options: { now?: number; transaction?: Transaction } = {},
): Promise<void> {
  await db.sequelize.query(
    'UPDATE password_reset_tokens SET used_at = :now WHERE employee_id = :employeeId AND used_at IS NULL',
    {
      replacements: { employeeId, now: options.now ?? Date.now() },
      transaction: options.transaction,
      type: QueryTypes.UPDATE,
    },
  );
}

/**
 * Join requests: the link that proves a joiner reads mail at the work address
 * (docs/decisions/318-join-proves-the-work-address.md). The token travels only in the email; the table keeps
 * its SHA-256, the address and the expiry. An address's rows are deleted when one of its links creates the profile
 * (in that transaction), and expired rows by the primary's sweep every 10 minutes (app/runtime/primary.server.ts),
 * so an address is kept at most about 24 hours after its last link was sent.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import { affectedRows } from '~/db/affected-rows.server';
import type { Database } from '~/db/database.server';
import { newToken, sha256 } from '~/utils/hash-token.server';

export const JOIN_REQUEST_TTL_MS = 24 * 60 * 60 * 1000;

/** Stores a fresh token for the address; returns the token for the email's link. */
export async function createJoinRequest(db: Database, workEmail: string, now = Date.now()): Promise<string> {
  const token = newToken();
  await db.sequelize.query(
    'INSERT INTO join_requests (id, work_email, created_at, expires_at) VALUES (:id, :workEmail, :now, :expires)',
    {
      replacements: { id: sha256(token), workEmail, now, expires: now + JOIN_REQUEST_TTL_MS },
      type: QueryTypes.INSERT,
    },
  );
  return token;
}

/** The work address a token was sent to, or null when unknown, used or expired. Does not consume it. */
export async function findJoinRequest(db: Database, token: string, now = Date.now()): Promise<string | null> {
  if (!token) return null;
  const rows = await db.sequelize.query<{ work_email: string; expires_at: number | string }>(
    'SELECT work_email, expires_at FROM join_requests WHERE id = :id',
    { replacements: { id: sha256(token) }, type: QueryTypes.SELECT },
  );
  const row = rows[0];
  if (!row || Number(row.expires_at) <= now) return null;
  return row.work_email;
}

/**
 * Uses a token up, in the transaction that creates the profile: of two concurrent uses exactly one deletes the
 * row; the other (and a token that expired meanwhile) gets false and must roll its transaction back. The address's
 * other links go with it: once it has a profile they can only fail, and the address need not be kept for them.
 */
export async function consumeJoinRequest(
  db: Database,
  token: string,
  workEmail: string,
  options: { transaction?: Transaction; now?: number } = {},
): Promise<boolean> {
  const used = await db.sequelize.query('DELETE FROM join_requests WHERE id = :id AND expires_at > :now', {
    replacements: { id: sha256(token), now: options.now ?? Date.now() },
    transaction: options.transaction,
    type: QueryTypes.BULKDELETE,
  });
  if (affectedRows(used) !== 1) return false;
  await db.sequelize.query('DELETE FROM join_requests WHERE work_email = :workEmail', {
    replacements: { workEmail },
    transaction: options.transaction,
    type: QueryTypes.BULKDELETE,
  });
  return true;
}

/** Deletes the links past their expiry (the primary's sweep); returns how many. */
export async function deleteExpiredJoinRequests(db: Database, now = Date.now()): Promise<number> {
  const deleted = await db.sequelize.query('DELETE FROM join_requests WHERE expires_at <= :now', {
    replacements: { now },
    type: QueryTypes.BULKDELETE,
  });
  return affectedRows(deleted);
}

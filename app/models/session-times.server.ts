/**
 * An employee's active sessions as times only (the personal archive): when each began, was last seen and
 * expires. Never the session's id, which is the hash of the cookie's token.
 */
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';

export interface SessionTimes {
  startedAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export async function listActiveSessionTimes(
  db: Database,
  employeeId: string,
  now = Date.now(),
): Promise<SessionTimes[]> {
  const rows = await db.sequelize.query<{
    created_at: number | string;
    last_seen_at: number | string;
    expires_at: number | string;
  }>(
    `SELECT created_at, last_seen_at, expires_at FROM sessions
      WHERE employee_id = :employeeId AND expires_at > :now ORDER BY created_at`,
    { replacements: { employeeId, now }, type: QueryTypes.SELECT },
  );
  const iso = (value: number | string) => new Date(Number(value)).toISOString();
  return rows.map((row) => ({
    startedAt: iso(row.created_at),
    lastSeenAt: iso(row.last_seen_at),
    expiresAt: iso(row.expires_at),
  }));
}

/**
 * Server-side sessions in the relational database, shared by every instance and revocable: the cookie holds a
 * random 256-bit token, the table holds only its SHA-256. Signing out, a password change or deactivation
 * deletes rows, and the next request with that cookie is anonymous.
 */
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';
import { displayNameOfColumns } from './employee-projection.server';
import type { EmployeeRole, EmployeeStatus } from '~/db/schema.server';
import { newToken, sha256 } from '~/utils/hash-token.server';
import type { Language } from '~/i18n/languages';
import { parseStoredLanguage } from './preferred-language.server';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** last_seen_at/expires_at are refreshed at most this often, so a page view is not a database write. */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  displayName: string;
  workEmail: string;
  role: EmployeeRole;
  status: EmployeeStatus;
  photoId: string | null;
  sessionId: string;
  /** The language the person chose (migration 020), or null: the browser's then decides. */
  preferredLanguage?: Language | null;
}

/** Roughly one sign-in in a hundred also clears out expired sessions, spent reset tokens and old throttle windows. */
const PRUNE_PROBABILITY = 0.01;

export async function createSession(db: Database, employeeId: string, now = Date.now()): Promise<string> {
  if (Math.random() < PRUNE_PROBABILITY) await pruneAuthTables(db, now);
  const token = newToken();
  await db.sequelize.query(
    'INSERT INTO sessions (id, employee_id, created_at, last_seen_at, expires_at) VALUES (:id, :employeeId, :now, :now, :expires)',
    { replacements: { id: sha256(token), employeeId, now, expires: now + SESSION_TTL_MS }, type: QueryTypes.INSERT },
  );
  return token;
}

interface SessionRow {
  session_id: string;
  last_seen_at: number | string;
  expires_at: number | string;
  id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  work_email: string;
  role: EmployeeRole;
  status: EmployeeStatus;
  photo_id: string | null;
  preferred_language: string | null;
}

/** The employee behind a session token, or null (unknown, expired, or the employee was deactivated). */
export async function getSessionUser(db: Database, token: string, now = Date.now()): Promise<SessionUser | null> {
  const id = sha256(token);
  const rows = await db.sequelize.query<SessionRow>(
    `SELECT s.id AS session_id, s.last_seen_at, s.expires_at, e.id, e.first_name, e.last_name, e.preferred_name,
            e.work_email, e.role, e.status, e.photo_id, e.preferred_language
       FROM sessions s JOIN employees e ON e.id = s.employee_id
      WHERE s.id = :id`,
    { replacements: { id }, type: QueryTypes.SELECT },
  );
  const row = rows[0];
  if (!row) return null;
  if (Number(row.expires_at) <= now || row.status === 'inactive') {
    await deleteSession(db, token);
    return null;
  }
  if (now - Number(row.last_seen_at) > TOUCH_INTERVAL_MS) {
    await db.sequelize.query('UPDATE sessions SET last_seen_at = :now, expires_at = :expires WHERE id = :id', {
      replacements: { id, now, expires: now + SESSION_TTL_MS },
      type: QueryTypes.UPDATE,
    });
  }
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    preferredName: row.preferred_name,
    displayName: displayNameOfColumns(row),
    workEmail: row.work_email,
    role: row.role,
    status: row.status,
    photoId: row.photo_id,
    sessionId: id,
    preferredLanguage: parseStoredLanguage(row.preferred_language),
  };
}

export async function deleteSession(db: Database, token: string): Promise<void> {
  await db.sequelize.query('DELETE FROM sessions WHERE id = :id', {
    replacements: { id: sha256(token) },
    type: QueryTypes.DELETE,
  });
}

/** Revokes every session of an employee, optionally keeping the current one (after a password change). */
export async function deleteEmployeeSessions(db: Database, employeeId: string, keepSessionId?: string): Promise<void> {
  await db.sequelize.query(
    `DELETE FROM sessions WHERE employee_id = :employeeId${keepSessionId ? ' AND id <> :keep' : ''}`,
    { replacements: { employeeId, keep: keepSessionId ?? null }, type: QueryTypes.DELETE },
  );
}

export async function deleteExpiredSessions(db: Database, now = Date.now()): Promise<void> {
  await db.sequelize.query('DELETE FROM sessions WHERE expires_at <= :now', {
    replacements: { now },
    type: QueryTypes.DELETE,
  });
}

/** Deletes rows that can no longer matter: expired sessions and reset tokens, throttle windows over a day old. */
export async function pruneAuthTables(db: Database, now = Date.now()): Promise<void> {
  await deleteExpiredSessions(db, now);
  await db.sequelize.query('DELETE FROM password_reset_tokens WHERE expires_at <= :now', {
    replacements: { now },
    type: QueryTypes.DELETE,
  });
  await db.sequelize.query('DELETE FROM login_throttle WHERE window_started_at <= :cutoff', {
    replacements: { cutoff: now - 24 * 60 * 60 * 1000 },
    type: QueryTypes.DELETE,
  });
}

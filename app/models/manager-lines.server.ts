/**
 * The reporting lines as a whole (every employee's manager link), and the turn that writers of a manager take
 * on MySQL/MariaDB. The walk up one person's line is listManagerChainIds (app/models/team.server.ts).
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import type { EmployeeRow, EmployeeStatus } from '~/db/schema.server';

export interface ManagerLink {
  id: string;
  managerId: string | null;
  status: EmployeeStatus;
}

/** Every employee's manager link, in one query over three narrow columns (20,000 rows read in tens of ms). */
export async function listManagerLinks(db: Database): Promise<ManagerLink[]> {
  const rows = await db.sequelize.query<{ id: string; manager_id: string | null; status: EmployeeStatus }>(
    'SELECT id, manager_id, status FROM employees',
    { type: QueryTypes.SELECT },
  );
  return rows.map((row) => ({ id: row.id, managerId: row.manager_id, status: row.status }));
}

/** The columns that name a person in a list (all of them fields everyone may read: NAMING_FIELDS). */
export type NamedPerson = Pick<
  EmployeeRow,
  'id' | 'firstName' | 'lastName' | 'preferredName' | 'jobTitle' | 'department' | 'status'
>;

export async function listNamedPeople(db: Database, ids: readonly string[]): Promise<NamedPerson[]> {
  if (ids.length === 0) return [];
  return (await db.models.Employee.findAll({
    attributes: ['id', 'firstName', 'lastName', 'preferredName', 'jobTitle', 'department', 'status'],
    where: { id: [...ids] },
    raw: true,
  })) as unknown as NamedPerson[];
}

const MANAGER_LINES_COUNTER = 'manager_lines';

/**
 * MySQL/MariaDB: the transactions that set a manager take turns on one row of `counters` (upserted, so no
 * migration adds it; its value counts the changes), so that two edits that would close a loop together (A under
 * B, B under A) cannot both check before either writes. SQLite needs nothing: its transactions begin IMMEDIATE
 * and hold the only write lock (app/db/connection.server.ts).
 */
export async function takeManagerLinesTurn(db: Database, transaction: Transaction): Promise<void> {
  if (db.dialect !== 'mysql') return;
  await db.sequelize.query(
    'INSERT INTO counters (name, next_value) VALUES (:name, 1) ON DUPLICATE KEY UPDATE next_value = next_value + 1',
    { replacements: { name: MANAGER_LINES_COUNTER }, transaction },
  );
}

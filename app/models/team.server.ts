/**
 * An employee's team: the people who report to them. Queries on the reporting line (an org chart, say) go here.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import {
  PUBLIC_COLUMNS,
  displayNameOfColumns,
  projectEmployee,
  type PublicEmployee,
} from './employee-projection.server';
import type { EmployeeRow } from '~/db/schema.server';

export async function listDirectReports(db: Database, managerId: string): Promise<PublicEmployee[]> {
  const rows = await db.models.Employee.findAll({
    attributes: [...PUBLIC_COLUMNS],
    where: { managerId, status: 'active' },
    order: [
      ['sortName', 'ASC'],
      ['id', 'ASC'],
    ],
    limit: 200,
  });
  return rows.map((row) => projectEmployee(row.get({ plain: true }) as EmployeeRow, 'public'));
}

/**
 * Direct reports, active ones, by name. Selected through the manager index with no ORDER BY: with one, both
 * planners prefer walking the whole name index in order (status, sort_name) and testing each row's manager,
 * which at 100,000 employees cost seconds per profile under load (`npm run bench`). A team is small, so the
 * sort happens here.
 */
export async function listTeam(db: Database, managerId: string) {
  const rows = await db.sequelize.query<{
    id: string;
    first_name: string;
    last_name: string;
    preferred_name: string | null;
    job_title: string;
    status: string;
    sort_name: string;
  }>(
    'SELECT id, first_name, last_name, preferred_name, job_title, status, sort_name FROM employees WHERE manager_id = :managerId LIMIT 1000',
    { replacements: { managerId }, type: QueryTypes.SELECT },
  );
  return rows
    .filter((row) => row.status === 'active')
    .sort((a, b) => (a.sort_name < b.sort_name ? -1 : a.sort_name > b.sort_name ? 1 : a.id < b.id ? -1 : 1))
    .slice(0, 200)
    .map((row) => ({
      id: row.id,
      displayName: displayNameOfColumns(row),
      jobTitle: row.job_title,
    }));
}

/**
 * A profile's people around the person in one query: their direct reports as listTeam gives them, and their
 * manager (any status: the caller decides who may see an inactive one). Each half of the UNION goes through its
 * own index (the manager index, the primary key), so the planners keep the plans listTeam's note describes.
 */
export async function listTeamAndManager(db: Database, personId: string, managerId: string | null) {
  type Row = {
    side: 'report' | 'manager';
    id: string;
    first_name: string;
    last_name: string;
    preferred_name: string | null;
    job_title: string;
    department: string;
    status: string;
    sort_name: string;
  };
  const columns = 'id, first_name, last_name, preferred_name, job_title, department, status, sort_name';
  const reportsSql = `SELECT 'report' AS side, ${columns} FROM employees WHERE manager_id = :personId LIMIT 1000`;
  const rows = await db.sequelize.query<Row>(
    managerId
      ? `SELECT * FROM (${reportsSql}) AS reports UNION ALL SELECT 'manager' AS side, ${columns} FROM employees WHERE id = :managerId`
      : reportsSql,
    { replacements: { personId, managerId }, type: QueryTypes.SELECT },
  );
  const managerRow = rows.find((row) => row.side === 'manager');
  const reports = rows
    .filter((row) => row.side === 'report' && row.status === 'active')
    .sort((a, b) => (a.sort_name < b.sort_name ? -1 : a.sort_name > b.sort_name ? 1 : a.id < b.id ? -1 : 1))
    .slice(0, 200)
    .map((row) => ({ id: row.id, displayName: displayNameOfColumns(row), jobTitle: row.job_title }));
  const manager = managerRow
    ? {
        id: managerRow.id,
        displayName: displayNameOfColumns(managerRow),
        jobTitle: managerRow.job_title,
        department: managerRow.department,
        status: managerRow.status,
      }
    : null;
  return { reports, manager };
}

/** Every employee (any status) whose manager is `managerId`: the reports whose line ends when that person is erased. */
export async function listAllReportIds(db: Database, managerId: string, options: { transaction?: Transaction } = {}) {
  const rows = (await db.models.Employee.findAll({
    attributes: ['id'],
    where: { managerId },
    raw: true,
    transaction: options.transaction,
  })) as unknown as Array<Pick<EmployeeRow, 'id'>>;
  return rows.map((row) => row.id);
}

/** The reports of `managerId` get no manager; returns how many rows changed. */
export async function clearManager(db: Database, managerId: string, options: { transaction?: Transaction } = {}) {
  const [count] = await db.models.Employee.update(
    { managerId: null, updatedAt: new Date() },
    { where: { managerId }, transaction: options.transaction },
  );
  return count;
}

/**
 * How far up the reporting line a manager still counts as the person's manager chain (field visibility
 * `manager-chain-and-hr`, docs/decisions/322-one-gate-for-fields.md): deeper than any real hierarchy, and a
 * bound on the walk should a manager loop ever be stored.
 */
export const MANAGER_CHAIN_DEPTH = 12;

/**
 * The person's managers, nearest first, up to MANAGER_CHAIN_DEPTH levels, in one recursive query over the
 * primary key (both SQLite and MariaDB 10.2+ have WITH RECURSIVE). Any status: a deactivated manager cannot
 * sign in, so the chain is only ever compared with a signed-in reader.
 */
export async function listManagerChainIds(
  db: Database,
  employeeId: string,
  /** maxDepth: the cycle guard walks further than the gate (app/services/manager-graph.server.ts). */
  options: { maxDepth?: number; transaction?: Transaction } = {},
): Promise<string[]> {
  const rows = await db.sequelize.query<{ id: string; depth: number | string }>(
    'WITH RECURSIVE chain (id, manager_id, depth) AS (' +
      ' SELECT id, manager_id, 0 FROM employees WHERE id = :employeeId' +
      ' UNION ALL SELECT e.id, e.manager_id, chain.depth + 1 FROM employees e JOIN chain ON e.id = chain.manager_id' +
      ' WHERE chain.depth < :maxDepth' +
      ') SELECT id, depth FROM chain WHERE depth > 0 ORDER BY depth',
    {
      replacements: { employeeId, maxDepth: options.maxDepth ?? MANAGER_CHAIN_DEPTH },
      type: QueryTypes.SELECT,
      transaction: options.transaction,
    },
  );
  return rows.map((row) => row.id);
}

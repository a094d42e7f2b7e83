/**
 * The org chart's queries: one person, their managers up the reporting line, the reports of a few managers, and a
 * department's members. Active employees only, and only the columns of fields everyone may see (what a card
 * shows is still the field gate's: app/services/org-chart.server.ts). Each query reads one level or one line,
 * through the primary key or the manager index: the chart never reads the whole company.
 */
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';
import { displayNameOfColumns } from './employee-projection.server';
import { MANAGER_CHAIN_DEPTH } from './team.server';

export interface OrgPersonRow {
  id: string;
  displayName: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  department: string;
  officeLocation: string | null;
  workEmail: string;
  photoId: string | null;
  managerId: string | null;
  sortName: string;
}

/** A person and how many active direct reports they have (what a card of the chart says). */
export interface CountedOrgPersonRow extends OrgPersonRow {
  reportCount: number;
}

interface RawRow {
  id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  job_title: string;
  department: string;
  office_location: string | null;
  work_email: string;
  photo_id: string | null;
  manager_id: string | null;
  sort_name: string;
}

const CARD_COLUMNS =
  'id, first_name, last_name, preferred_name, job_title, department, office_location, work_email, photo_id, manager_id, sort_name';

/**
 * How many active direct reports the person of `alias` has, read with their row: by the manager index alone, the
 * status counted rather than filtered on (a filter would draw the planner to the status index: listOrgReports).
 * One query for the people and their counts, where a second query for the counts cost a round trip per chart.
 */
const reportCountOf = (alias: string) =>
  `(SELECT COALESCE(SUM(CASE WHEN r.status = 'active' THEN 1 ELSE 0 END), 0) FROM employees r WHERE r.manager_id = ${alias}.id) AS report_count`;

const withCount = (row: RawRow & { report_count: number | string }): CountedOrgPersonRow => ({
  ...toRow(row),
  reportCount: Number(row.report_count),
});

/** A level is at most this many people (a manager with more shows the first ones by name, and says how many). */
export const ORG_LEVEL_LIMIT = 200;

function toRow(row: RawRow): OrgPersonRow {
  return {
    id: row.id,
    displayName: displayNameOfColumns(row),
    firstName: row.first_name,
    lastName: row.last_name,
    jobTitle: row.job_title,
    department: row.department,
    officeLocation: row.office_location,
    workEmail: row.work_email,
    photoId: row.photo_id,
    managerId: row.manager_id,
    sortName: row.sort_name,
  };
}

export function byName(a: OrgPersonRow, b: OrgPersonRow): number {
  return a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** One active person, or null. */
export async function getOrgPerson(db: Database, id: string): Promise<OrgPersonRow | null> {
  const rows = await db.sequelize.query<RawRow>(
    `SELECT ${CARD_COLUMNS} FROM employees WHERE id = :id AND status = 'active'`,
    { replacements: { id }, type: QueryTypes.SELECT },
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/**
 * The person (when active) and their managers, nearest first, each with their count of active reports, in one
 * recursive query over the primary key, at most MANAGER_CHAIN_DEPTH levels: a stored manager loop (A manages B
 * manages A) ends there instead of running on. A manager seen twice ends the line (the loop is reported as `cut`);
 * inactive managers are stepped over, not drawn.
 */
export async function listOrgManagerChain(
  db: Database,
  id: string,
): Promise<{ person: CountedOrgPersonRow | null; managers: CountedOrgPersonRow[]; cut: boolean }> {
  const rows = await db.sequelize.query<
    RawRow & { status: string; depth: number | string; report_count: number | string }
  >(
    'WITH RECURSIVE chain (id, manager_id, depth) AS (' +
      ' SELECT id, manager_id, 0 FROM employees WHERE id = :id' +
      ' UNION ALL SELECT e.id, e.manager_id, chain.depth + 1 FROM employees e JOIN chain ON e.id = chain.manager_id' +
      ' WHERE chain.depth < :maxDepth' +
      `) SELECT ${CARD_COLUMNS.split(', ')
        .map((column) => `e.${column}`)
        .join(', ')}, e.status, chain.depth, ${reportCountOf('e')} FROM chain JOIN employees e ON e.id = chain.id` +
      ' ORDER BY chain.depth',
    { replacements: { id, maxDepth: MANAGER_CHAIN_DEPTH }, type: QueryTypes.SELECT },
  );
  const sorted = rows.sort((a, b) => Number(a.depth) - Number(b.depth));
  const self = sorted[0] && Number(sorted[0].depth) === 0 ? sorted.shift()! : null;
  const seen = new Set([id]);
  const managers: CountedOrgPersonRow[] = [];
  let cut = sorted.length === MANAGER_CHAIN_DEPTH && sorted[sorted.length - 1].manager_id !== null;
  for (const row of sorted) {
    if (seen.has(row.id)) {
      cut = true;
      break;
    }
    seen.add(row.id);
    if (row.status === 'active') managers.push(withCount(row));
  }
  return { person: self && self.status === 'active' ? withCount(self) : null, managers, cut };
}

/**
 * The active direct reports of each of `managerIds`, by name, at most ORG_LEVEL_LIMIT per manager, with how many
 * there are. Selected by manager alone and the status tested here: with `status = 'active'` in the WHERE, SQLite
 * walks the status index (every active employee) instead of the manager index, which at 20,000 employees made
 * each chart cost 40 ms (`npm run bench:org`); a level is small, so the filter and the sort happen here.
 */
export async function listOrgReports(
  db: Database,
  managerIds: readonly string[],
): Promise<Map<string, { people: CountedOrgPersonRow[]; total: number }>> {
  const result = new Map<string, { people: CountedOrgPersonRow[]; total: number }>();
  if (managerIds.length === 0) return result;
  const rows = await db.sequelize.query<RawRow & { status: string; report_count: number | string }>(
    `SELECT ${CARD_COLUMNS}, status, ${reportCountOf('employees')} FROM employees WHERE manager_id IN (:managerIds)`,
    { replacements: { managerIds: [...managerIds] }, type: QueryTypes.SELECT },
  );
  for (const managerId of managerIds) result.set(managerId, { people: [], total: 0 });
  for (const row of rows) {
    if (row.status !== 'active') continue;
    const level = result.get(row.manager_id!)!;
    level.people.push(withCount(row));
    level.total += 1;
  }
  for (const level of result.values()) level.people = level.people.sort(byName).slice(0, ORG_LEVEL_LIMIT);
  return result;
}

/** The active people with no manager (the top, and anyone not yet placed), by name, and how many. */
export async function listOrgUnmanaged(db: Database): Promise<{ people: CountedOrgPersonRow[]; total: number }> {
  // By the manager index alone, the status tested here (see listOrgReports).
  const rows = (
    await db.sequelize.query<RawRow & { status: string; report_count: number | string }>(
      `SELECT ${CARD_COLUMNS}, status, ${reportCountOf('employees')} FROM employees WHERE manager_id IS NULL`,
      { type: QueryTypes.SELECT },
    )
  ).filter((row) => row.status === 'active');
  return { people: rows.map(withCount).sort(byName).slice(0, ORG_LEVEL_LIMIT), total: rows.length };
}

/** How many active direct reports each of `ids` has (0 for none), in one grouped query on the manager index. */
export async function countOrgReports(db: Database, ids: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map(ids.map((id) => [id, 0]));
  if (ids.length === 0) return counts;
  const rows = await db.sequelize.query<{ manager_id: string; reports: number | string }>(
    // The status counted, not filtered on: the filter would draw the planner to the status index (listOrgReports).
    "SELECT manager_id, SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS reports FROM employees WHERE manager_id IN (:ids) GROUP BY manager_id",
    { replacements: { ids: [...ids] }, type: QueryTypes.SELECT },
  );
  for (const row of rows) counts.set(row.manager_id, Number(row.reports));
  return counts;
}

/**
 * Who reports to whom in a department: every active member's id and manager, at most `limit` (a department
 * larger than that is drawn from its first people by id; the service says so). Light rows: the cards of the
 * people drawn are read by id afterwards.
 */
export async function listDepartmentLinks(
  db: Database,
  department: string,
  limit: number,
): Promise<Array<{ id: string; managerId: string | null }>> {
  const rows = await db.sequelize.query<{ id: string; manager_id: string | null }>(
    "SELECT id, manager_id FROM employees WHERE status = 'active' AND department = :department LIMIT :limit",
    { replacements: { department, limit }, type: QueryTypes.SELECT },
  );
  return rows.map((row) => ({ id: row.id, managerId: row.manager_id }));
}

/** Active people by id (the managers, outside a department, of its members). */
export async function listOrgPeopleByIds(db: Database, ids: readonly string[]): Promise<OrgPersonRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.sequelize.query<RawRow>(
    `SELECT ${CARD_COLUMNS} FROM employees WHERE id IN (:ids) AND status = 'active'`,
    { replacements: { ids: [...ids] }, type: QueryTypes.SELECT },
  );
  return rows.map(toRow);
}

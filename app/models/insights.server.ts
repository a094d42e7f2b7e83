/**
 * HR's insights as SQL aggregates (docs/decisions/327-insights-from-history.md): every query groups in the
 * database, so the page's cost grows with the months and groups shown, not with the rows behind them. The one
 * exception is the verification funnel, which reads one row per person who joined in the range (their step times)
 * so that medians and 90th percentiles can be taken: SQLite has no percentile function.
 */
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';
import { HR_DECISION_STEPS } from '@shared/contracts/verification-workflow';

export interface InsightFilter {
  department?: string;
  office?: string;
  /** The first month shown, `YYYY-MM`. */
  from: string;
  /** The last month shown, `YYYY-MM`. */
  to: string;
}

/** The deepest reporting line followed: far deeper than any real organisation, and an end to a loop in the data. */
export const MAX_DEPTH = 64;

/** `YYYY-MM` of a stored time (UTC). */
function monthOf(db: Database, column: string): string {
  return db.dialect === 'mysql' ? `DATE_FORMAT(${column}, '%Y-%m')` : `substr(${column}, 1, 7)`;
}

/** A text value inside an event's JSON body. */
function jsonText(db: Database, column: string, key: string): string {
  return db.dialect === 'mysql' ? `JSON_VALUE(${column}, '$.${key}')` : `json_extract(${column}, '$.${key}')`;
}

/** The start of the month `YYYY-MM` (UTC). */
export function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00.000Z`);
}

/** The start of the month after `YYYY-MM`. */
export function nextMonthStart(month: string): Date {
  const start = monthStart(month);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (
    let at = monthStart(from);
    at <= monthStart(to);
    at = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1))
  ) {
    months.push(at.toISOString().slice(0, 7));
  }
  return months;
}

function standingFilter(filter: InsightFilter, alias: string): { sql: string; replacements: Record<string, string> } {
  const clauses: string[] = [];
  const replacements: Record<string, string> = {};
  if (filter.department) {
    clauses.push(`${alias}.department = :department`);
    replacements.department = filter.department;
  }
  if (filter.office) {
    clauses.push(`${alias}.office_location = :office`);
    replacements.office = filter.office;
  }
  return { sql: clauses.map((clause) => ` AND ${clause}`).join(''), replacements };
}

export interface GroupCount {
  month: string;
  group: string;
  count: number;
}

/**
 * Active people at the end of each month, per department or per office, from the periods of migration 016: a
 * person counts where their period covers the month's last instant.
 */
export async function headCountByMonth(
  db: Database,
  filter: InsightFilter,
  by: 'department' | 'office',
): Promise<GroupCount[]> {
  const months = monthsBetween(filter.from, filter.to);
  const replacements: Record<string, unknown> = {};
  const monthRows = months.map((month, index) => {
    replacements[`m${index}`] = month;
    replacements[`e${index}`] = nextMonthStart(month);
    return `SELECT :m${index} AS month, :e${index} AS month_end`;
  });
  const where = standingFilter(filter, 'h');
  const group = by === 'department' ? 'h.department' : "COALESCE(h.office_location, '')";
  const rows = await db.sequelize.query<{ month: string; grp: string; n: number | string }>(
    `SELECT m.month AS month, ${group} AS grp, COUNT(*) AS n
     FROM (${monthRows.join(' UNION ALL ')}) m
     JOIN org_history h ON h.valid_from < m.month_end AND (h.valid_until IS NULL OR h.valid_until >= m.month_end)
     WHERE h.status = 'active'${where.sql}
     GROUP BY m.month, ${group}
     ORDER BY m.month, ${group}`,
    { replacements: { ...replacements, ...where.replacements }, type: QueryTypes.SELECT },
  );
  return rows.map((row) => ({ month: row.month, group: row.grp, count: Number(row.n) }));
}

export interface JoinersAndLeavers {
  month: string;
  joiners: number;
  leavers: number;
}

/**
 * Per month, people who became active (activated, reactivated, or created active) and people who stopped being
 * active (deactivated), where the period that starts with the change is in the department and office asked for.
 */
export async function joinersAndLeaversByMonth(db: Database, filter: InsightFilter): Promise<JoinersAndLeavers[]> {
  const where = standingFilter(filter, 'h');
  const month = monthOf(db, 'h.valid_from');
  const rows = await db.sequelize.query<{ month: string; joiners: number | string; leavers: number | string }>(
    `SELECT ${month} AS month,
       SUM(CASE WHEN h.status = 'active' AND (h.status_from IS NULL OR h.status_from <> 'active') THEN 1 ELSE 0 END) AS joiners,
       SUM(CASE WHEN h.status_from = 'active' AND h.status <> 'active' THEN 1 ELSE 0 END) AS leavers
     FROM org_history h
     WHERE h.valid_from >= :from AND h.valid_from < :to${where.sql}
     GROUP BY ${month}`,
    {
      replacements: { from: monthStart(filter.from), to: nextMonthStart(filter.to), ...where.replacements },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((row) => ({ month: row.month, joiners: Number(row.joiners), leavers: Number(row.leavers) }));
}

export interface FunnelRow {
  status: string;
  joinedAt: Date;
  photoAcceptedAt: Date | null;
  checksPassedAt: Date | null;
  approvedAt: Date | null;
}

const asDate = (value: Date | string | number | null): Date | null =>
  value === null ? null : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/**
 * The step times of each person who joined (created pending, so through verification) in the range: the first
 * accepted photo, the record checks passed (the first task waiting for HR's decision, which the workflow
 * creates once the checks ran), and the activation. The person's current department and office filter.
 */
export async function verificationSteps(db: Database, filter: InsightFilter): Promise<FunnelRow[]> {
  const where = standingFilter(filter, 'emp');
  const change = jsonText(db, 'ev.body', 'change');
  const createdStatus = jsonText(db, 'c.body', 'employee.status');
  const rows = await db.sequelize.query<{
    status: string;
    joined: Date | string;
    photo: Date | string | null;
    approved: Date | string | null;
    checks: number | string | null;
  }>(
    `SELECT emp.status AS status, steps.joined AS joined, steps.photo AS photo, steps.approved AS approved,
       tasks.checks AS checks
     FROM (
       SELECT ev.employee_id,
         MIN(CASE WHEN ev.type = 'employee.created' THEN ev.occurred_at END) AS joined,
         MIN(CASE WHEN ev.type = 'employee.photo-ready' THEN ev.occurred_at END) AS photo,
         MIN(CASE WHEN ev.type = 'employee.status-changed' AND ${change} = 'activated' THEN ev.occurred_at END) AS approved
       FROM events ev
       WHERE ev.type IN ('employee.created', 'employee.photo-ready', 'employee.status-changed')
         AND ev.employee_id IN (
           SELECT c.employee_id FROM events c
           WHERE c.type = 'employee.created' AND c.occurred_at >= :from AND c.occurred_at < :to
             AND ${createdStatus} = 'pending')
       GROUP BY ev.employee_id
     ) steps
     JOIN employees emp ON emp.id = steps.employee_id
     LEFT JOIN (
       SELECT employee_id, MIN(waiting_since) AS checks FROM workflow_tasks WHERE step IN (:hrSteps) GROUP BY employee_id
     ) tasks ON tasks.employee_id = steps.employee_id
     WHERE 1 = 1${where.sql}`,
    {
      replacements: {
        from: monthStart(filter.from),
        to: nextMonthStart(filter.to),
        hrSteps: [...HR_DECISION_STEPS],
        ...where.replacements,
      },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((row) => ({
    status: row.status,
    joinedAt: asDate(row.joined)!,
    photoAcceptedAt: asDate(row.photo),
    checksPassedAt: row.checks === null ? null : new Date(Number(row.checks)),
    approvedAt: asDate(row.approved),
  }));
}

export interface RefusalCount {
  month: string;
  reason: string;
  count: number;
}

/** Refused photos per month and reason (the fixed message the photo function or HR's review gave). */
export async function photoRefusalsByMonth(db: Database, filter: InsightFilter): Promise<RefusalCount[]> {
  const where = standingFilter(filter, 'emp');
  const month = monthOf(db, 'ev.occurred_at');
  const reason = jsonText(db, 'ev.body', 'reason');
  const join = where.sql ? 'JOIN employees emp ON emp.id = ev.employee_id' : '';
  const rows = await db.sequelize.query<{ month: string; reason: string | null; n: number | string }>(
    `SELECT ${month} AS month, ${reason} AS reason, COUNT(*) AS n
     FROM events ev ${join}
     WHERE ev.type = 'employee.photo-failed' AND ev.occurred_at >= :from AND ev.occurred_at < :to${where.sql}
     GROUP BY ${month}, ${reason}`,
    {
      replacements: { from: monthStart(filter.from), to: nextMonthStart(filter.to), ...where.replacements },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((row) => ({ month: row.month, reason: row.reason ?? '', count: Number(row.n) }));
}

export interface SpanCount {
  reports: number;
  managers: number;
}

/** Active managers (in the department and office asked for) by their number of active direct reports. */
export async function spansOfControl(db: Database, filter: InsightFilter): Promise<SpanCount[]> {
  const where = standingFilter(filter, 'm');
  const rows = await db.sequelize.query<{ reports: number | string; managers: number | string }>(
    `SELECT spans.reports AS reports, COUNT(*) AS managers
     FROM (
       SELECT r.manager_id, COUNT(*) AS reports
       FROM employees r JOIN employees m ON m.id = r.manager_id
       WHERE r.status = 'active' AND m.status = 'active'${where.sql}
       GROUP BY r.manager_id
     ) spans
     GROUP BY spans.reports
     ORDER BY spans.reports`,
    { replacements: where.replacements, type: QueryTypes.SELECT },
  );
  return rows.map((row) => ({ reports: Number(row.reports), managers: Number(row.managers) }));
}

export interface DepthCount {
  /** 1 for people without an active manager, 2 for their reports, and so on. */
  level: number;
  people: number;
}

/**
 * Active people (in the department and office asked for) by their level in the whole organisation. People in a
 * reporting loop are reached from no top and counted by `unplaced` instead, without the walk going round.
 */
export async function organisationDepth(
  db: Database,
  filter: InsightFilter,
): Promise<{ levels: DepthCount[]; unplaced: number }> {
  const where = standingFilter(filter, 'e');
  // Each step goes from the people reached to their reports through employees_manager: CROSS JOIN keeps SQLite to
  // that order (it scanned everyone for each person reached, seconds at 20,000 people).
  const rows = await db.sequelize.query<{ depth: number | string; people: number | string }>(
    `WITH RECURSIVE chain (id, depth) AS (
       SELECT head.id, 1 FROM employees head
       WHERE head.status = 'active' AND NOT EXISTS (
         SELECT 1 FROM employees boss WHERE boss.id = head.manager_id AND boss.status = 'active')
       UNION ALL
       SELECT below.id, chain.depth + 1 FROM chain CROSS JOIN employees below ON below.manager_id = chain.id
       WHERE below.status = 'active' AND chain.depth < ${MAX_DEPTH}
     )
     SELECT chain.depth AS depth, COUNT(*) AS people
     FROM chain JOIN employees e ON e.id = chain.id
     WHERE 1 = 1${where.sql}
     GROUP BY chain.depth
     ORDER BY chain.depth`,
    { replacements: where.replacements, type: QueryTypes.SELECT },
  );
  const [total] = await db.sequelize.query<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM employees e WHERE e.status = 'active'${where.sql}`,
    { replacements: where.replacements, type: QueryTypes.SELECT },
  );
  const levels = rows.map((row) => ({ level: Number(row.depth), people: Number(row.people) }));
  const placed = levels.reduce((sum, level) => sum + level.people, 0);
  return { levels, unplaced: Math.max(0, Number(total.n) - placed) };
}

/** The departments and offices of active people, for the filter's choices. */
export async function filterChoices(db: Database): Promise<{ departments: string[]; offices: string[] }> {
  const departments = await db.sequelize.query<{ v: string }>(
    "SELECT DISTINCT department AS v FROM employees WHERE status = 'active' ORDER BY department",
    { type: QueryTypes.SELECT },
  );
  const offices = await db.sequelize.query<{ v: string }>(
    "SELECT DISTINCT office_location AS v FROM employees WHERE status = 'active' AND office_location IS NOT NULL ORDER BY office_location",
    { type: QueryTypes.SELECT },
  );
  return { departments: departments.map((row) => row.v), offices: offices.map((row) => row.v).filter(Boolean) };
}

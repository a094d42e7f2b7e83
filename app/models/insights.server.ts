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
 * person counts where their period covers the month's last instant. Two grouped scans give, per month and group,
 * the active periods that started and those that ended; the count at a month's end is the running sum of starts
 * less ends up to it (a range join of months with periods compared every row with every month: 250 ms at 100,000
 * events).
 */
export async function headCountByMonth(
  db: Database,
  filter: InsightFilter,
  by: 'department' | 'office',
): Promise<GroupCount[]> {
  const where = standingFilter(filter, 'h');
  const group = by === 'department' ? 'h.department' : "COALESCE(h.office_location, '')";
  const changes = async (column: 'valid_from' | 'valid_until') => {
    const month = monthOf(db, `h.${column}`);
    return db.sequelize.query<{ month: string; grp: string; n: number | string }>(
      `SELECT ${month} AS month, ${group} AS grp, COUNT(*) AS n
       FROM org_history h
       WHERE h.status = 'active' AND h.${column} IS NOT NULL AND h.${column} < :to${where.sql}
       GROUP BY ${month}, ${group}`,
      { replacements: { to: nextMonthStart(filter.to), ...where.replacements }, type: QueryTypes.SELECT },
    );
  };
  const delta = new Map<string, Map<string, number>>();
  const add = (month: string, grp: string, n: number) => {
    const byGroup = delta.get(month) ?? new Map<string, number>();
    byGroup.set(grp, (byGroup.get(grp) ?? 0) + n);
    delta.set(month, byGroup);
  };
  for (const row of await changes('valid_from')) add(row.month, row.grp, Number(row.n));
  for (const row of await changes('valid_until')) add(row.month, row.grp, -Number(row.n));
  const running = new Map<string, number>();
  const counts: GroupCount[] = [];
  const shown = new Set(monthsBetween(filter.from, filter.to));
  for (const month of [...delta.keys(), ...shown].filter((m, i, all) => all.indexOf(m) === i).sort()) {
    for (const [grp, n] of delta.get(month) ?? []) running.set(grp, (running.get(grp) ?? 0) + n);
    if (!shown.has(month)) continue;
    for (const grp of [...running.keys()].sort()) {
      const count = running.get(grp)!;
      if (count > 0) counts.push({ month, group: grp, count });
    }
  }
  return counts;
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
 * The step times of each person who joined through verification (their first period is pending) in the range: the
 * first accepted photo, the record checks passed (the first task waiting for HR's decision, which the workflow
 * creates once the checks ran), and the approval (their first period active after pending). Each step is one
 * index lookup per person. The person's current department and office filter.
 */
export async function verificationSteps(db: Database, filter: InsightFilter): Promise<FunnelRow[]> {
  const where = standingFilter(filter, 'emp');
  // The person's events by their id, not every accepted photo by type: SQLite took the type index (100 s at 100,000
  // events).
  const byEmployee = db.dialect === 'mysql' ? 'FORCE INDEX (events_employee)' : 'INDEXED BY events_employee';
  const rows = await db.sequelize.query<{
    status: string;
    joined: Date | string;
    photo: Date | string | null;
    approved: Date | string | null;
    checks: number | string | null;
  }>(
    `SELECT emp.status AS status, j.valid_from AS joined,
       (SELECT MIN(ev.occurred_at) FROM events ev ${byEmployee}
        WHERE ev.employee_id = j.employee_id AND ev.type = 'employee.photo-ready') AS photo,
       (SELECT MIN(t.waiting_since) FROM workflow_tasks t
        WHERE t.employee_id = j.employee_id AND t.step IN (:hrSteps)) AS checks,
       (SELECT MIN(a.valid_from) FROM org_history a
        WHERE a.employee_id = j.employee_id AND a.status = 'active' AND a.status_from = 'pending') AS approved
     FROM org_history j JOIN employees emp ON emp.id = j.employee_id
     WHERE j.status = 'pending' AND j.status_from IS NULL AND j.valid_from >= :from AND j.valid_from < :to${where.sql}`,
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

/**
 * A stamp of everything the insights summarise, read in one query of index look-ups: it changes whenever a
 * person's standing changes (a new period in org_history), an event is recorded (every change to a person writes
 * one in its transaction: the outbox), a verification task is stored, or an erasure starts or completes (an
 * erasure deletes rows, which no maximum would show: while one runs, `erasing` is above zero and nothing is kept).
 */
export interface InsightsDataVersion {
  stamp: string;
  /** An erasure is under way: its deletions are not in the stamp, so views are not kept meanwhile. */
  erasing: boolean;
}

export async function readInsightsDataVersion(db: Database): Promise<InsightsDataVersion> {
  const [row] = await db.sequelize.query<{
    events: number | string | null;
    periods: number | string | null;
    tasks: number | string | null;
    erasing: number | string | null;
    erased: number | string | null;
  }>(
    `SELECT (SELECT MAX(seq) FROM events) AS events,
       (SELECT MAX(id) FROM org_history) AS periods,
       (SELECT COUNT(*) FROM workflow_tasks) AS tasks,
       (SELECT COUNT(*) FROM erasures WHERE state <> 'completed') AS erasing,
       (SELECT MAX(completed_at) FROM erasures) AS erased`,
    { type: QueryTypes.SELECT },
  );
  return {
    stamp: [row.events, row.periods, row.tasks, row.erased].map((value) => String(value ?? '')).join(':'),
    erasing: Number(row.erasing ?? 0) > 0,
  };
}

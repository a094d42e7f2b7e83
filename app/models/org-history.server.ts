/**
 * Where each person stood, and since when (migration 016, docs/decisions/327-insights-from-history.md): a new
 * period starts whenever the employee row's department, office or status changes. Called by the writers in
 * ./employee.server.ts, in the change's transaction, after the row is written.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';

interface Standing {
  department: string;
  office_location: string | null;
  status: string;
}

export interface OrgPeriod {
  department: string;
  officeLocation: string | null;
  status: string;
  validFrom: Date;
  validUntil: Date | null;
}

/** Starts a new period when the employee's department, office or status differs from the current one. */
export async function recordOrgStanding(
  db: Database,
  employeeId: string,
  at: Date,
  options: { transaction?: Transaction } = {},
): Promise<void> {
  const { transaction } = options;
  const [now] = await db.sequelize.query<Standing>(
    'SELECT department, office_location, status FROM employees WHERE id = :employeeId',
    { replacements: { employeeId }, type: QueryTypes.SELECT, transaction },
  );
  if (!now) return;
  const [current] = await db.sequelize.query<Standing & { id: number }>(
    'SELECT id, department, office_location, status FROM org_history WHERE employee_id = :employeeId AND valid_until IS NULL',
    { replacements: { employeeId }, type: QueryTypes.SELECT, transaction },
  );
  if (
    current &&
    current.department === now.department &&
    (current.office_location ?? null) === (now.office_location ?? null) &&
    current.status === now.status
  ) {
    return;
  }
  if (current) {
    await db.sequelize.query('UPDATE org_history SET valid_until = :at WHERE id = :id', {
      replacements: { at, id: current.id },
      transaction,
    });
  }
  await db.sequelize.query(
    `INSERT INTO org_history (employee_id, department, office_location, status, status_from, valid_from, valid_until)
     VALUES (:employeeId, :department, :office, :status, :statusFrom, :at, NULL)`,
    {
      replacements: {
        employeeId,
        department: now.department,
        office: now.office_location ?? null,
        status: now.status,
        statusFrom: current?.status ?? null,
        at,
      },
      transaction,
      type: QueryTypes.INSERT,
    },
  );
}

/** The person's periods, oldest first (their "My data" archive). */
export async function listOrgPeriods(db: Database, employeeId: string): Promise<OrgPeriod[]> {
  const rows = await db.sequelize.query<Standing & { valid_from: Date | string; valid_until: Date | string | null }>(
    'SELECT department, office_location, status, valid_from, valid_until FROM org_history WHERE employee_id = :employeeId ORDER BY id',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return rows.map((row) => ({
    department: row.department,
    officeLocation: row.office_location,
    status: row.status,
    validFrom: new Date(row.valid_from),
    validUntil: row.valid_until === null ? null : new Date(row.valid_until),
  }));
}

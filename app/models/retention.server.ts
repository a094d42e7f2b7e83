/**
 * The retention sweep's reads and writes (docs/decisions/321-retention-periods-and-sweep.md): the people whose
 * status starts a retention period (pending, or inactive after a rejection or deactivation), and one notice row
 * per person and kind of deadline, which records when HR was told and when the sweep acted.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';

export const RETENTION_KINDS = ['application', 'profile', 'face'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export interface RetentionCandidate {
  employeeId: string;
  status: 'pending' | 'inactive';
  /** How the status last changed (`rejected`, `deactivated`, ...); null when it never changed or before migration 013. */
  statusChange: string | null;
  /** When the status last changed (or the profile was created): the periods count from here. */
  since: Date;
}

export interface RetentionNotice {
  employeeId: string;
  kind: RetentionKind;
  basisAt: Date;
  dueAt: Date;
  notifiedAt: Date;
  actedAt: Date | null;
}

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** Everyone pending or inactive, with when and how their status last changed. */
export async function listRetentionCandidates(db: Database): Promise<RetentionCandidate[]> {
  const rows = await db.sequelize.query<{
    id: string;
    status: 'pending' | 'inactive';
    status_change: string | null;
    status_changed_at: Date | string | null;
    created_at: Date | string;
  }>(
    "SELECT id, status, status_change, status_changed_at, created_at FROM employees WHERE status IN ('pending', 'inactive')",
    { type: QueryTypes.SELECT },
  );
  return rows.map((row) => ({
    employeeId: row.id,
    status: row.status,
    statusChange: row.status_change,
    since: asDate(row.status_changed_at ?? row.created_at),
  }));
}

export async function getRetentionNotice(
  db: Database,
  employeeId: string,
  kind: RetentionKind,
): Promise<RetentionNotice | null> {
  const [row] = await db.sequelize.query<{
    basis_at: Date | string;
    due_at: Date | string;
    notified_at: Date | string;
    acted_at: Date | string | null;
  }>(
    'SELECT basis_at, due_at, notified_at, acted_at FROM retention_notices WHERE employee_id = :employeeId AND kind = :kind',
    {
      replacements: { employeeId, kind },
      type: QueryTypes.SELECT,
    },
  );
  if (!row) return null;
  return {
    employeeId,
    kind,
    basisAt: asDate(row.basis_at),
    dueAt: asDate(row.due_at),
    notifiedAt: asDate(row.notified_at),
    actedAt: row.acted_at === null ? null : asDate(row.acted_at),
  };
}

/** Every notice about one person, in the order of RETENTION_KINDS: one query where a read per kind took three. */
export async function listRetentionNotices(db: Database, employeeId: string): Promise<RetentionNotice[]> {
  const rows = await db.sequelize.query<{
    kind: string;
    basis_at: Date | string;
    due_at: Date | string;
    notified_at: Date | string;
    acted_at: Date | string | null;
  }>('SELECT kind, basis_at, due_at, notified_at, acted_at FROM retention_notices WHERE employee_id = :employeeId', {
    replacements: { employeeId },
    type: QueryTypes.SELECT,
  });
  return RETENTION_KINDS.flatMap((kind) =>
    rows
      .filter((row) => row.kind === kind)
      .map((row) => ({
        employeeId,
        kind,
        basisAt: asDate(row.basis_at),
        dueAt: asDate(row.due_at),
        notifiedAt: asDate(row.notified_at),
        actedAt: row.acted_at === null ? null : asDate(row.acted_at),
      })),
  );
}

/** Records that HR was told of this deadline (replacing a notice about an earlier status change). */
export async function recordRetentionNotice(
  db: Database,
  notice: Omit<RetentionNotice, 'actedAt'>,
  options: { transaction?: Transaction } = {},
): Promise<void> {
  await db.sequelize.query('DELETE FROM retention_notices WHERE employee_id = :employeeId AND kind = :kind', {
    replacements: { employeeId: notice.employeeId, kind: notice.kind },
    transaction: options.transaction,
  });
  await db.sequelize.query(
    `INSERT INTO retention_notices (employee_id, kind, basis_at, due_at, notified_at, acted_at)
     VALUES (:employeeId, :kind, :basisAt, :dueAt, :notifiedAt, NULL)`,
    { replacements: notice, transaction: options.transaction },
  );
}

export async function markRetentionActed(
  db: Database,
  employeeId: string,
  kind: RetentionKind,
  at: Date,
): Promise<void> {
  await db.sequelize.query(
    'UPDATE retention_notices SET acted_at = :at WHERE employee_id = :employeeId AND kind = :kind',
    {
      replacements: { employeeId, kind, at },
    },
  );
}

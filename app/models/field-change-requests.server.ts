/**
 * Changes a person asked for to a field HR defines, waiting for HR's approval or decided
 * (`field_change_requests`, migration 015; docs/decisions/323-field-change-approval.md). Values are kept as
 * `employees.custom_fields` holds them (text, or a list for several choices), JSON-encoded; null is "no value".
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { affectedRows } from '~/db/affected-rows.server';
import type { CustomFieldValue } from './custom-fields';
import { listCustomFieldDefinitions } from './custom-field-store.server';

export const CHANGE_OUTCOMES = ['approved', 'refused', 'closed'] as const;
export type ChangeOutcome = (typeof CHANGE_OUTCOMES)[number];

export interface FieldChangeRequest {
  id: string;
  employeeId: string;
  fieldKey: string;
  oldValue: CustomFieldValue | null;
  newValue: CustomFieldValue | null;
  requestedAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  outcome: ChangeOutcome | null;
  reason: string | null;
}

interface RequestRow {
  id: string;
  employee_id: string;
  field_key: string;
  old_value: string | null;
  new_value: string | null;
  requested_at: Date | string;
  decided_at: Date | string | null;
  decided_by: string | null;
  outcome: string | null;
  reason: string | null;
}

const COLUMNS =
  'id, employee_id, field_key, old_value, new_value, requested_at, decided_at, decided_by, outcome, reason';

function valueOf(stored: string | null): CustomFieldValue | null {
  if (stored === null) return null;
  try {
    const parsed: unknown = JSON.parse(stored);
    if (typeof parsed === 'string') return parsed;
    if (Array.isArray(parsed)) return parsed.filter((item): item is string => typeof item === 'string');
  } catch {
    // Unreadable: shown as no value rather than an error page.
  }
  return null;
}

const encode = (value: CustomFieldValue | null) => (value === null ? null : JSON.stringify(value));
// SQLite hands DATE(3) columns back as text.
const dateOf = (value: Date | string) => (value instanceof Date ? value : new Date(value));

function requestOf(row: RequestRow): FieldChangeRequest {
  return {
    id: row.id,
    employeeId: row.employee_id,
    fieldKey: row.field_key,
    oldValue: valueOf(row.old_value),
    newValue: valueOf(row.new_value),
    requestedAt: dateOf(row.requested_at),
    decidedAt: row.decided_at === null ? null : dateOf(row.decided_at),
    decidedBy: row.decided_by,
    outcome: CHANGE_OUTCOMES.find((outcome) => outcome === row.outcome) ?? null,
    reason: row.reason,
  };
}

async function select(
  db: Database,
  where: string,
  replacements: Record<string, unknown>,
  transaction?: Transaction,
): Promise<FieldChangeRequest[]> {
  const rows = await db.sequelize.query<RequestRow>(`SELECT ${COLUMNS} FROM field_change_requests ${where}`, {
    replacements,
    type: QueryTypes.SELECT,
    transaction,
  });
  return rows.map(requestOf);
}

/**
 * Records the change as the person's one undecided change to that field: a change already waiting is replaced
 * (its value and time), so HR decides on the latest. Returns the request's id.
 */
export async function savePendingChange(
  db: Database,
  change: {
    employeeId: string;
    fieldKey: string;
    oldValue: CustomFieldValue | null;
    newValue: CustomFieldValue | null;
  },
  transaction: Transaction,
): Promise<string> {
  const [waiting] = await select(
    db,
    'WHERE employee_id = :employeeId AND field_key = :fieldKey AND decided_at IS NULL',
    change,
    transaction,
  );
  const values = {
    employeeId: change.employeeId,
    fieldKey: change.fieldKey,
    oldValue: encode(change.oldValue),
    newValue: encode(change.newValue),
    now: new Date(),
  };
  if (waiting) {
    await db.sequelize.query(
      `UPDATE field_change_requests SET old_value = :oldValue, new_value = :newValue, requested_at = :now
       WHERE id = :id AND decided_at IS NULL`,
      { replacements: { ...values, id: waiting.id }, type: QueryTypes.UPDATE, transaction },
    );
    return waiting.id;
  }
  const id = randomUUID();
  await db.sequelize.query(
    `INSERT INTO field_change_requests (id, employee_id, field_key, old_value, new_value, requested_at)
     VALUES (:id, :employeeId, :fieldKey, :oldValue, :newValue, :now)`,
    { replacements: { ...values, id }, type: QueryTypes.INSERT, transaction },
  );
  return id;
}

export async function getFieldChangeRequest(
  db: Database,
  id: string,
  transaction?: Transaction,
): Promise<FieldChangeRequest | null> {
  const [request] = await select(db, 'WHERE id = :id', { id }, transaction);
  return request ?? null;
}

/** Every change waiting for HR, oldest first (HR's page shows at most `limit`). */
export async function listPendingChanges(db: Database, limit = 200): Promise<FieldChangeRequest[]> {
  return select(db, 'WHERE decided_at IS NULL ORDER BY requested_at, id LIMIT :limit', { limit });
}

/** How many changes wait for HR (the count beside the admin menu's link). */
export async function countPendingChanges(db: Database): Promise<number> {
  const [row] = await db.sequelize.query<{ n: number | string }>(
    'SELECT COUNT(*) AS n FROM field_change_requests WHERE decided_at IS NULL',
    { type: QueryTypes.SELECT },
  );
  return Number(row?.n ?? 0);
}

/** Every change the person asked for, newest first (their /me and their archive). */
export async function listChangesOf(db: Database, employeeId: string): Promise<FieldChangeRequest[]> {
  return select(db, 'WHERE employee_id = :employeeId ORDER BY requested_at DESC, id', { employeeId });
}

/**
 * Marks an undecided request decided. False when it was decided already (by another HR person a moment before):
 * the caller then writes nothing else.
 */
export async function markChangeDecided(
  db: Database,
  decision: { id: string; decidedBy: string | null; outcome: ChangeOutcome; reason: string | null },
  transaction: Transaction,
): Promise<boolean> {
  const [, meta] = await db.sequelize.query(
    `UPDATE field_change_requests SET decided_at = :now, decided_by = :decidedBy, outcome = :outcome,
       reason = :reason
     WHERE id = :id AND decided_at IS NULL`,
    { replacements: { ...decision, now: new Date() }, type: QueryTypes.UPDATE, transaction },
  );
  return affectedRows(meta) === 1;
}

/** Closes every change still waiting on a field HR retired: nothing can apply them any more. */
export async function closePendingChangesOf(db: Database, fieldKey: string): Promise<number> {
  const [, meta] = await db.sequelize.query(
    `UPDATE field_change_requests SET decided_at = :now, outcome = 'closed', reason = :reason
     WHERE field_key = :fieldKey AND decided_at IS NULL`,
    {
      replacements: { fieldKey, now: new Date(), reason: 'The field was retired before HR decided.' },
      type: QueryTypes.UPDATE,
    },
  );
  return affectedRows(meta);
}

/** What the person's notice names: the field's label (retired fields included) and, on refusal, HR's reason. */
export async function describeFieldChangeDecision(
  db: Database,
  requestId: string,
): Promise<{ label: string; reason: string | null } | null> {
  const change = await getFieldChangeRequest(db, requestId);
  if (!change) return null;
  const field = (await listCustomFieldDefinitions(db)).find((candidate) => candidate.key === change.fieldKey);
  return { label: field?.label ?? change.fieldKey, reason: change.reason };
}

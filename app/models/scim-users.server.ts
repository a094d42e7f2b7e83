/**
 * What SCIM provisioning adds to an employee (migration 018): the identity provider's own id for them
 * (`employees.external_id`) and a manager reference waiting for its manager (`scim_pending_managers`), plus the
 * SCIM listing's query over the employees table (its WHERE clause built from a SCIM filter by the caller).
 */
import { QueryTypes, UniqueConstraintError, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import type { EmployeeRow } from '~/db/schema.server';
import { PRIVATE_COLUMNS, projectEmployee, type PrivateEmployee } from './employee-projection.server';

/** The externalId is another person's already (the unique index said so, under concurrency too). */
export class DuplicateExternalIdError extends Error {
  constructor() {
    super('Another person has this externalId');
    this.name = 'DuplicateExternalIdError';
  }
}

export async function setExternalId(
  db: Database,
  employeeId: string,
  externalId: string | null,
  options: { transaction?: Transaction } = {},
): Promise<void> {
  try {
    await db.sequelize.query('UPDATE employees SET external_id = :externalId WHERE id = :employeeId', {
      replacements: { employeeId, externalId },
      type: QueryTypes.UPDATE,
      transaction: options.transaction,
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw new DuplicateExternalIdError();
    throw error;
  }
}

export async function findEmployeeIdByExternalId(db: Database, externalId: string): Promise<string | null> {
  const rows = await db.sequelize.query<{ id: string }>('SELECT id FROM employees WHERE external_id = :externalId', {
    replacements: { externalId },
    type: QueryTypes.SELECT,
  });
  return rows[0]?.id ?? null;
}

export interface ScimState {
  externalId: string | null;
  /** When the provider deleted the person (the profile stays; the resource answers 404), or null. */
  deletedAt: Date | null;
}

/** The SCIM columns of each of `ids` (ids not found are left out). */
export async function getScimStates(db: Database, ids: readonly string[]): Promise<Map<string, ScimState>> {
  if (ids.length === 0) return new Map();
  const rows = await db.sequelize.query<{
    id: string;
    external_id: string | null;
    scim_deleted_at: Date | string | null;
  }>('SELECT id, external_id, scim_deleted_at FROM employees WHERE id IN (:ids)', {
    replacements: { ids: [...ids] },
    type: QueryTypes.SELECT,
  });
  return new Map(
    rows.map((row) => [
      row.id,
      { externalId: row.external_id, deletedAt: row.scim_deleted_at ? new Date(row.scim_deleted_at) : null },
    ]),
  );
}

/** Marks the person deleted by the provider (now) or, with null, brings the resource back (a new create). */
export async function setScimDeleted(db: Database, employeeId: string, at: Date | null): Promise<void> {
  await db.sequelize.query('UPDATE employees SET scim_deleted_at = :at WHERE id = :employeeId', {
    replacements: { employeeId, at },
    type: QueryTypes.UPDATE,
  });
}

/** The employees with these ids, in one query, projected privately (the SCIM representation gates them). */
export async function getEmployeesByIds(db: Database, ids: readonly string[]): Promise<Map<string, PrivateEmployee>> {
  if (ids.length === 0) return new Map();
  const rows = await db.models.Employee.findAll({ where: { id: [...ids] }, attributes: [...PRIVATE_COLUMNS] });
  return new Map(
    rows.map((row) => {
      const employee = projectEmployee(row.get({ plain: true }) as EmployeeRow, 'private');
      return [employee.id, employee];
    }),
  );
}

/** Records (or replaces) the manager reference `employeeId` waits for; null clears it. */
export async function setPendingManager(
  db: Database,
  employeeId: string,
  managerRef: string | null,
  options: { transaction?: Transaction } = {},
): Promise<void> {
  await db.sequelize.query('DELETE FROM scim_pending_managers WHERE employee_id = :employeeId', {
    replacements: { employeeId },
    type: QueryTypes.DELETE,
    transaction: options.transaction,
  });
  if (managerRef === null) return;
  await db.sequelize.query(
    'INSERT INTO scim_pending_managers (employee_id, manager_ref, created_at) VALUES (:employeeId, :managerRef, :now)',
    {
      replacements: { employeeId, managerRef, now: new Date() },
      type: QueryTypes.INSERT,
      transaction: options.transaction,
    },
  );
}

export async function getPendingManager(db: Database, employeeId: string): Promise<string | null> {
  const rows = await db.sequelize.query<{ manager_ref: string }>(
    'SELECT manager_ref FROM scim_pending_managers WHERE employee_id = :employeeId',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return rows[0]?.manager_ref ?? null;
}

/** The people waiting for a manager named by any of `refs` (a new person's id and externalId). */
export async function listWaitingForManager(db: Database, refs: readonly string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const rows = await db.sequelize.query<{ employee_id: string }>(
    'SELECT employee_id FROM scim_pending_managers WHERE manager_ref IN (:refs) ORDER BY created_at, employee_id',
    { replacements: { refs: [...refs] }, type: QueryTypes.SELECT },
  );
  return rows.map((row) => row.employee_id);
}

/** A SCIM listing's page: the WHERE fragment and the ORDER BY list come from the filter translator. */
export interface ScimUserQuery {
  where: string;
  replacements: Record<string, unknown>;
  /** Built by the translator from the caller's own column map, never from the request's text; null: by creation. */
  orderBy: string | null;
  /** 0-based. */
  offset: number;
  limit: number;
}

/** The people the provider sees (not deleted by it) matching the query, one page of ids and the total. */
export async function listScimUserIds(
  db: Database,
  query: ScimUserQuery,
): Promise<{ ids: string[]; totalResults: number }> {
  const where = `WHERE scim_deleted_at IS NULL${query.where.trim() ? ` AND (${query.where})` : ''}`;
  const [count] = await db.sequelize.query<{ total: number | string }>(
    `SELECT COUNT(*) AS total FROM employees ${where}`,
    { replacements: query.replacements, type: QueryTypes.SELECT },
  );
  const totalResults = Number(count?.total ?? 0);
  if (query.limit === 0 || query.offset >= totalResults) return { ids: [], totalResults };
  // Creation order, then the id, make every page's order stable whatever sortBy says.
  const order = [query.orderBy, 'created_at ASC', 'id ASC'].filter(Boolean).join(', ');
  const rows = await db.sequelize.query<{ id: string }>(
    `SELECT id FROM employees ${where} ORDER BY ${order} LIMIT :scimLimit OFFSET :scimOffset`,
    {
      replacements: { ...query.replacements, scimLimit: query.limit, scimOffset: query.offset },
      type: QueryTypes.SELECT,
    },
  );
  return { ids: rows.map((row) => row.id), totalResults };
}

/**
 * Identities at the company's identity providers linked to employees (migration 005). Issuer + subject is
 * unique: one identity belongs to at most one employee.
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes, UniqueConstraintError, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';

export interface LinkedIdentity {
  id: string;
  employeeId: string;
  providerId: string;
  issuer: string;
  subject: string;
  email: string;
  linkedAt: number;
  lastSignInAt: number | null;
}

interface Row {
  id: string;
  employee_id: string;
  provider_id: string;
  issuer: string;
  subject: string;
  email: string;
  linked_at: number | string;
  last_sign_in_at: number | string | null;
}

const fromRow = (row: Row): LinkedIdentity => ({
  id: row.id,
  employeeId: row.employee_id,
  providerId: row.provider_id,
  issuer: row.issuer,
  subject: row.subject,
  email: row.email,
  linkedAt: Number(row.linked_at),
  lastSignInAt: row.last_sign_in_at === null ? null : Number(row.last_sign_in_at),
});

export class IdentityAlreadyLinkedError extends Error {
  constructor() {
    super('This identity is already linked to an employee');
    this.name = 'IdentityAlreadyLinkedError';
  }
}

export async function findLinkedIdentity(
  db: Database,
  identity: { issuer: string; subject: string },
): Promise<LinkedIdentity | null> {
  const rows = await db.sequelize.query<Row>(
    'SELECT * FROM linked_identities WHERE issuer = :issuer AND subject = :subject',
    { replacements: identity, type: QueryTypes.SELECT },
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function getLinkedIdentity(
  db: Database,
  where: { employeeId: string; id: string },
): Promise<LinkedIdentity | null> {
  const rows = await db.sequelize.query<Row>(
    'SELECT * FROM linked_identities WHERE id = :id AND employee_id = :employeeId',
    { replacements: where, type: QueryTypes.SELECT },
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function listLinkedIdentities(db: Database, employeeId: string): Promise<LinkedIdentity[]> {
  const rows = await db.sequelize.query<Row>(
    'SELECT * FROM linked_identities WHERE employee_id = :employeeId ORDER BY linked_at',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return rows.map(fromRow);
}

export async function countLinkedIdentities(db: Database): Promise<number> {
  const rows = await db.sequelize.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM linked_identities', {
    type: QueryTypes.SELECT,
  });
  return Number(rows[0]?.n ?? 0);
}

export async function insertLinkedIdentity(
  db: Database,
  identity: Omit<LinkedIdentity, 'id' | 'linkedAt' | 'lastSignInAt'>,
  options: { transaction?: Transaction; now?: number } = {},
): Promise<LinkedIdentity> {
  const row: LinkedIdentity = {
    ...identity,
    id: randomUUID(),
    linkedAt: options.now ?? Date.now(),
    lastSignInAt: null,
  };
  try {
    await db.sequelize.query(
      `INSERT INTO linked_identities (id, employee_id, provider_id, issuer, subject, email, linked_at)
       VALUES (:id, :employeeId, :providerId, :issuer, :subject, :email, :linkedAt)`,
      { replacements: { ...row }, transaction: options.transaction, type: QueryTypes.INSERT },
    );
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw new IdentityAlreadyLinkedError();
    throw error;
  }
  return row;
}

/** Removes one of an employee's links: the removed link, or null if that employee has no such link. */
export async function deleteLinkedIdentity(
  db: Database,
  where: { employeeId: string; id: string },
  options: { transaction?: Transaction } = {},
): Promise<LinkedIdentity | null> {
  const rows = await db.sequelize.query<Row>(
    'SELECT * FROM linked_identities WHERE id = :id AND employee_id = :employeeId',
    {
      replacements: where,
      transaction: options.transaction,
      type: QueryTypes.SELECT,
    },
  );
  if (!rows[0]) return null;
  await db.sequelize.query('DELETE FROM linked_identities WHERE id = :id AND employee_id = :employeeId', {
    replacements: where,
    transaction: options.transaction,
    type: QueryTypes.DELETE,
  });
  return fromRow(rows[0]);
}

export async function touchLinkedIdentity(db: Database, id: string, now = Date.now()): Promise<void> {
  await db.sequelize.query('UPDATE linked_identities SET last_sign_in_at = :now WHERE id = :id', {
    replacements: { id, now },
    type: QueryTypes.UPDATE,
  });
}

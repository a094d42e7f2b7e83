/**
 * Employee records, one at a time: create, read, update, delete and count, as small named queries that return
 * plain objects (projected by ./employee-projection.server.ts). Listings, the team, photo slots, HR contacts
 * and the record checks have their own files beside this one.
 */
import { randomUUID } from 'node:crypto';
import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { allocateEmployeeNumber } from './employee-number.server';
import { recordOrgStanding } from './org-history.server';
import type { EmployeeFields } from './employee-fields';
import {
  displayNameOf,
  PRIVATE_COLUMNS,
  PUBLIC_COLUMNS,
  projectEmployee,
  storedSkills,
  type PrivateEmployee,
  type Projection,
  type PublicEmployee,
} from './employee-projection.server';
import type { EmployeeRole, EmployeeRow, EmployeeStatus } from '~/db/schema.server';
import { foldedSearchKeys, nameOrderColumns } from '~/db/name-order-columns.server';
import type { StatusChange } from '@shared/contracts/employee-events';

/** A unique field already in use: the caller shows it next to that field. */
export class DuplicateEmployeeError extends Error {
  constructor(readonly field: 'workEmail' | 'employeeNumber') {
    super(field === 'workEmail' ? 'An employee with this work email already exists' : 'This employee number is taken');
    this.name = 'DuplicateEmployeeError';
  }
}

function searchKeys(fields: Pick<EmployeeRow, 'firstName' | 'lastName' | 'preferredName' | 'jobTitle'>) {
  return {
    sortName: `${fields.lastName} ${fields.firstName}`.toLowerCase(),
    ...foldedSearchKeys(fields),
    ...nameOrderColumns(fields),
  };
}

export interface NewEmployee extends Omit<EmployeeFields, 'skills'> {
  skills?: string[];
  id?: string;
  employeeNumber?: string;
  status?: EmployeeStatus;
  role?: EmployeeRole;
  pendingPhotoId?: string | null;
  /** The values of the fields HR defines, as the column stores them (storedValuesOf, app/models/custom-fields.ts). */
  customFields?: string | null;
}

export async function insertEmployee(
  db: Database,
  input: NewEmployee,
  options: { transaction?: Transaction } = {},
): Promise<PrivateEmployee> {
  if (input.employeeNumber === undefined) {
    // A number the system assigns is chosen in the transaction that inserts it (app/models/employee-number.server.ts).
    const { transaction } = options;
    if (!transaction) return db.sequelize.transaction((own) => insertEmployee(db, input, { transaction: own }));
    return insertEmployee(db, { ...input, employeeNumber: await allocateEmployeeNumber(db, transaction) }, options);
  }
  const now = new Date();
  const row: EmployeeRow = {
    id: input.id ?? randomUUID(),
    employeeNumber: input.employeeNumber,
    firstName: input.firstName,
    lastName: input.lastName,
    preferredName: input.preferredName,
    workEmail: input.workEmail,
    workEmailNormalized: input.workEmail.trim().toLowerCase(),
    workPhone: input.workPhone,
    jobTitle: input.jobTitle,
    department: input.department,
    managerId: input.managerId,
    officeLocation: input.officeLocation,
    startDate: input.startDate,
    bio: input.bio,
    skills: storedSkills(input.skills ?? []),
    status: input.status ?? 'pending',
    role: input.role ?? 'employee',
    personalEmail: input.personalEmail,
    personalPhone: input.personalPhone,
    emergencyContactName: input.emergencyContactName,
    emergencyContactPhone: input.emergencyContactPhone,
    photoId: null,
    pendingPhotoId: input.pendingPhotoId ?? null,
    failedPhotoId: null,
    statusReason: null,
    statusChangedAt: now,
    statusChange: null,
    customFields: input.customFields ?? null,
    ...searchKeys(input),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.models.Employee.create(row, { transaction: options.transaction });
  } catch (error) {
    throw translateUniqueError(error);
  }
  await recordOrgStanding(db, row.id, now, options);
  return projectEmployee(row, 'private');
}

function translateUniqueError(error: unknown): unknown {
  if (!(error instanceof UniqueConstraintError)) return error;
  const text = `${error.message} ${JSON.stringify(error.fields)} ${String((error.parent as Error | undefined)?.message)}`;
  if (/email/i.test(text)) return new DuplicateEmployeeError('workEmail');
  if (/employee_number|employeeNumber/i.test(text)) return new DuplicateEmployeeError('employeeNumber');
  return error;
}

export async function getEmployee<P extends Projection>(
  db: Database,
  id: string,
  projection: P,
  options: { transaction?: Transaction } = {},
): Promise<(P extends 'private' ? PrivateEmployee : PublicEmployee) | null> {
  const columns = projection === 'private' ? PRIVATE_COLUMNS : PUBLIC_COLUMNS;
  const found = await db.models.Employee.findByPk(id, {
    attributes: [...columns],
    transaction: options.transaction,
  });
  return found ? projectEmployee(found.get({ plain: true }) as EmployeeRow, projection) : null;
}

export async function getEmployeeByEmail(db: Database, email: string): Promise<PrivateEmployee | null> {
  const found = await db.models.Employee.findOne({
    where: { workEmailNormalized: email.trim().toLowerCase() },
    attributes: [...PRIVATE_COLUMNS],
  });
  return found ? projectEmployee(found.get({ plain: true }) as EmployeeRow, 'private') : null;
}

/** Display names by employee id, read in one query however many ids (the activity log's actors); unknown ids are left out. */
export async function getDisplayNames(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await db.models.Employee.findAll({
    attributes: ['id', 'firstName', 'lastName', 'preferredName'],
    where: { id: [...ids] },
    raw: true,
  })) as unknown as Array<Pick<EmployeeRow, 'id' | 'firstName' | 'lastName' | 'preferredName'>>;
  return new Map(rows.map((row) => [row.id, displayNameOf(row)]));
}

export async function updateEmployeeFields(
  db: Database,
  id: string,
  /** customFields: the JSON of every value of the fields HR defines, when they changed. */
  fields: EmployeeFields & { customFields?: string | null },
  options: { transaction?: Transaction } = {},
): Promise<PrivateEmployee | null> {
  const patch: Partial<EmployeeRow> = {
    ...fields,
    skills: storedSkills(fields.skills),
    workEmailNormalized: fields.workEmail.trim().toLowerCase(),
    ...searchKeys(fields),
    updatedAt: new Date(),
  };
  try {
    const [count] = await db.models.Employee.update(patch, { where: { id }, transaction: options.transaction });
    if (count === 0) return null;
  } catch (error) {
    throw translateUniqueError(error);
  }
  await recordOrgStanding(db, id, patch.updatedAt!, options);
  return getEmployee(db, id, 'private', options);
}

/**
 * Sets the status, HR's reason and when and how it changed (`change`: activated, rejected, deactivated,
 * reactivated; the retention sweep counts its periods from that moment).
 */
export async function setEmployeeStatus(
  db: Database,
  id: string,
  status: EmployeeStatus,
  reason: string | null = null,
  options: { transaction?: Transaction; change?: StatusChange } = {},
): Promise<boolean> {
  const now = new Date();
  const [count] = await db.models.Employee.update(
    { status, statusReason: reason, statusChangedAt: now, statusChange: options.change ?? null, updatedAt: now },
    { where: { id }, transaction: options.transaction },
  );
  if (count > 0) await recordOrgStanding(db, id, now, options);
  return count > 0;
}

export async function setEmployeeRole(
  db: Database,
  id: string,
  role: EmployeeRole,
  options: { transaction?: Transaction } = {},
): Promise<boolean> {
  const [count] = await db.models.Employee.update(
    { role, updatedAt: new Date() },
    { where: { id }, transaction: options.transaction },
  );
  return count > 0;
}

export async function deleteEmployee(db: Database, id: string, options: { transaction?: Transaction } = {}) {
  await db.models.Employee.destroy({ where: { id }, transaction: options.transaction });
}

export async function countEmployees(db: Database, where: { status?: EmployeeStatus } = {}): Promise<number> {
  return db.models.Employee.count({ where });
}

/**
 * Replaces the values of the fields HR defines (the JSON of every value, null when none): HR's approval of a
 * change the person asked for writes one field alone (app/services/field-change-decisions.server.ts).
 */
export async function setCustomFieldValues(
  db: Database,
  id: string,
  customFields: string | null,
  options: { transaction?: Transaction } = {},
): Promise<boolean> {
  const [count] = await db.models.Employee.update(
    { customFields, updatedAt: new Date() },
    { where: { id }, transaction: options.transaction },
  );
  return count > 0;
}

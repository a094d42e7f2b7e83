/**
 * Employee records: small named queries that return plain objects. Two projections: the public one (what the
 * directory and other employees see) and the private one (the employee themselves and admins). The directory
 * only ever selects the public columns.
 */
import { randomUUID } from 'node:crypto';
import { Op, QueryTypes, UniqueConstraintError, type Transaction, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import type { Database } from '~/db/database.server';
import { affectedRows } from '~/db/affected-rows.server';
import { decodeCursor as decodeOpaqueCursor, encodeCursor as encodeOpaqueCursor } from '@shared/cursor';
import { allocateEmployeeNumber } from './employee-number.server';
import type { EmployeeFields } from './employee-fields';
import type { EmployeeRole, EmployeeRow, EmployeeStatus } from './schema.server';

export const PUBLIC_COLUMNS = [
  'id',
  'employeeNumber',
  'firstName',
  'lastName',
  'preferredName',
  'workEmail',
  'workPhone',
  'jobTitle',
  'department',
  'managerId',
  'officeLocation',
  'startDate',
  'bio',
  'skills',
  'status',
  'role',
  'photoId',
  'pendingPhotoId',
  'failedPhotoId',
  'createdAt',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof EmployeeRow>;

export const PRIVATE_COLUMNS = [
  ...PUBLIC_COLUMNS,
  'personalEmail',
  'personalPhone',
  'emergencyContactName',
  'emergencyContactPhone',
  'statusReason',
] as const satisfies ReadonlyArray<keyof EmployeeRow>;

/** Skills leave the model as a list; the column stores them comma-separated. */
type WithSkillList<T> = Omit<T, 'skills'> & { skills: string[]; displayName: string };
export type PublicEmployee = WithSkillList<Pick<EmployeeRow, (typeof PUBLIC_COLUMNS)[number]>>;
export type PrivateEmployee = WithSkillList<Pick<EmployeeRow, (typeof PRIVATE_COLUMNS)[number]>>;
export type Projection = 'public' | 'private';

/** A unique field already in use: the caller shows it next to that field. */
export class DuplicateEmployeeError extends Error {
  constructor(readonly field: 'workEmail' | 'employeeNumber') {
    super(field === 'workEmail' ? 'An employee with this work email already exists' : 'This employee number is taken');
    this.name = 'DuplicateEmployeeError';
  }
}

export function displayNameOf(row: Pick<EmployeeRow, 'firstName' | 'lastName' | 'preferredName'>): string {
  return `${row.preferredName || row.firstName} ${row.lastName}`;
}

function searchKeys(fields: Pick<EmployeeRow, 'firstName' | 'lastName' | 'preferredName' | 'jobTitle'>) {
  return {
    sortName: `${fields.lastName} ${fields.firstName}`.toLowerCase(),
    givenNameKey: (fields.preferredName || fields.firstName).toLowerCase(),
    jobTitleKey: fields.jobTitle.toLowerCase(),
  };
}

export function skillList(stored: string | null | undefined): string[] {
  return stored ? stored.split(',').filter(Boolean) : [];
}

export function storedSkills(skills: readonly string[]): string {
  return skills.join(',');
}

function project<P extends Projection>(
  row: EmployeeRow,
  projection: P,
): P extends 'private' ? PrivateEmployee : PublicEmployee {
  const columns = projection === 'private' ? PRIVATE_COLUMNS : PUBLIC_COLUMNS;
  const picked = Object.fromEntries(columns.map((column) => [column, row[column] ?? null]));
  return { ...picked, skills: skillList(row.skills), displayName: displayNameOf(row) } as never;
}

export interface NewEmployee extends Omit<EmployeeFields, 'skills'> {
  skills?: string[];
  id?: string;
  employeeNumber?: string;
  status?: EmployeeStatus;
  role?: EmployeeRole;
  pendingPhotoId?: string | null;
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
    ...searchKeys(input),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.models.Employee.create(row, { transaction: options.transaction });
  } catch (error) {
    throw translateUniqueError(error);
  }
  return project(row, 'private');
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
  return found ? project(found.get({ plain: true }) as EmployeeRow, projection) : null;
}

export async function getEmployeeByEmail(db: Database, email: string): Promise<PrivateEmployee | null> {
  const found = await db.models.Employee.findOne({
    where: { workEmailNormalized: email.trim().toLowerCase() },
    attributes: [...PRIVATE_COLUMNS],
  });
  return found ? project(found.get({ plain: true }) as EmployeeRow, 'private') : null;
}

export async function updateEmployeeFields(
  db: Database,
  id: string,
  fields: EmployeeFields,
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
  return getEmployee(db, id, 'private', options);
}

export async function setEmployeeStatus(
  db: Database,
  id: string,
  status: EmployeeStatus,
  reason: string | null = null,
  options: { transaction?: Transaction } = {},
): Promise<boolean> {
  const [count] = await db.models.Employee.update(
    { status, statusReason: reason, updatedAt: new Date() },
    { where: { id }, transaction: options.transaction },
  );
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

/**
 * Points the profile at a new upload, `pending` while it is processed (promoted to current once ready).
 * A new upload also clears an earlier failure: that one is superseded.
 */
export async function setPendingPhoto(
  db: Database,
  id: string,
  photoId: string | null,
  options: { transaction?: Transaction } = {},
): Promise<void> {
  await db.models.Employee.update(
    { pendingPhotoId: photoId, failedPhotoId: null },
    { where: { id }, transaction: options.transaction },
  );
}

/** Profiles whose newest upload is still being processed, for the photo watcher. */
export async function listPendingPhotos(
  db: Database,
  options: { limit?: number } = {},
): Promise<Array<{ employeeId: string; photoId: string }>> {
  const rows = await db.models.Employee.findAll({
    attributes: ['id', 'pendingPhotoId'],
    // `> ''` rather than IS NOT NULL (the same rows: photo ids are UUIDs): SQLite's planner will not use the
    // index for IS NOT NULL, and scanned 100,000 employees every second (21 ms) instead of seeking (1.3 ms).
    where: { pendingPhotoId: { [Op.gt]: '' } },
    limit: options.limit ?? 200,
  });
  return rows.map((row) => ({ employeeId: row.get('id') as string, photoId: row.get('pendingPhotoId') as string }));
}

/**
 * Records that the pending upload failed, only if it is still the pending one. The current photo stays on
 * the profile; the failed one is kept as `failedPhotoId` so the profile can say why.
 */
export async function markPendingPhotoFailed(
  db: Database,
  id: string,
  photoId: string,
  options: { transaction?: Transaction } = {},
): Promise<boolean> {
  const [count] = await db.models.Employee.update(
    { pendingPhotoId: null, failedPhotoId: photoId },
    { where: { id, pendingPhotoId: photoId }, transaction: options.transaction },
  );
  return count > 0;
}

/**
 * Records that the pending upload's hold for HR has been announced, only if it is still the pending one and
 * was not announced before: true exactly once per held upload (the photo watcher writes its event then).
 */
export async function markHeldPhotoAnnounced(
  db: Database,
  id: string,
  photoId: string,
  options: { transaction?: Transaction } = {},
): Promise<boolean> {
  // held_photo_id is written only here and read by no page, so it stays out of the model's attributes.
  const [, affected] = await db.sequelize.query(
    `UPDATE employees SET held_photo_id = :photoId
     WHERE id = :id AND pending_photo_id = :photoId AND (held_photo_id IS NULL OR held_photo_id <> :photoId)`,
    { replacements: { id, photoId }, transaction: options.transaction, type: QueryTypes.UPDATE },
  );
  return affectedRows(affected) === 1;
}

/**
 * Makes a ready photo the current one, only if it is still the pending one (a newer upload wins).
 * Returns the photo it replaced, whose renditions the caller may now delete.
 */
export async function promotePendingPhoto(
  db: Database,
  id: string,
  photoId: string,
  options: { transaction?: Transaction } = {},
): Promise<{ promoted: boolean; replacedPhotoId: string | null }> {
  const work = async (transaction: Transaction) => {
    const current = await db.models.Employee.findByPk(id, {
      attributes: ['photoId', 'pendingPhotoId'],
      transaction,
      lock: db.dialect === 'mysql' ? transaction.LOCK.UPDATE : undefined,
    });
    if (!current || current.get('pendingPhotoId') !== photoId) return { promoted: false, replacedPhotoId: null };
    const replacedPhotoId = (current.get('photoId') as string | null) ?? null;
    await db.models.Employee.update(
      { photoId, pendingPhotoId: null, failedPhotoId: null },
      { where: { id, pendingPhotoId: photoId }, transaction },
    );
    return { promoted: true, replacedPhotoId };
  };
  return options.transaction ? work(options.transaction) : db.sequelize.transaction(work);
}

export async function deleteEmployee(db: Database, id: string, options: { transaction?: Transaction } = {}) {
  await db.models.Employee.destroy({ where: { id }, transaction: options.transaction });
}

export interface DirectoryQuery {
  /** Prefix of a last name, given name, job title or work email. */
  search?: string;
  department?: string;
  status?: EmployeeStatus;
  /** The cursor returned with the previous page. */
  after?: string;
  limit?: number;
}

export interface DirectoryPage {
  employees: PublicEmployee[];
  nextCursor: string | null;
}

// No NUL: it would cut SQLite's copy of the statement short (a crafted cursor was a 500).
const directoryCursorSchema = z.tuple([z.string().regex(/^[^\u0000]*$/), z.string().regex(/^[^\u0000]*$/)]);

/** Cursor = base64url of [sortName, id]. */
export function encodeCursor(sortName: string, id: string): string {
  return encodeOpaqueCursor([sortName, id]);
}

/** A tampered or stale cursor gives null: the page starts from the beginning rather than failing. */
export function decodeCursor(cursor: string): { sortName: string; id: string } | null {
  const parsed = decodeOpaqueCursor(cursor, directoryCursorSchema);
  return parsed ? { sortName: parsed[0], id: parsed[1] } : null;
}

/** A range on an index instead of LIKE, so that both MySQL and SQLite use the index whatever the collation. */
function prefixRange(prefix: string) {
  return { [Op.gte]: prefix, [Op.lt]: `${prefix}\uffff` };
}

/**
 * One page of employees in any status ordered by (sortName, id), keyset-paginated so that page 500 costs what
 * page 1 costs; only public columns are read. Used by the HR admin lists and the CSV export. The employee
 * directory and its search use searchDirectory (./directory-search.server.ts), whose per-field index ranges stay
 * fast at 100,000 employees where this OR-ed search does not (docs/decisions/306).
 */
export async function listDirectory(db: Database, query: DirectoryQuery = {}): Promise<DirectoryPage> {
  const limit = Math.min(Math.max(query.limit ?? 24, 1), 100);
  const conditions: WhereOptions[] = [{ status: query.status ?? 'active' }];
  if (query.department) conditions.push({ department: query.department });
  const search = query.search?.trim().toLowerCase();
  if (search) {
    conditions.push({
      [Op.or]: [
        { sortName: prefixRange(search) },
        { givenNameKey: prefixRange(search) },
        { jobTitleKey: prefixRange(search) },
        { workEmailNormalized: prefixRange(search) },
      ],
    });
  }
  const cursor = query.after ? decodeCursor(query.after) : null;
  if (cursor) {
    conditions.push({
      [Op.or]: [{ sortName: { [Op.gt]: cursor.sortName } }, { sortName: cursor.sortName, id: { [Op.gt]: cursor.id } }],
    });
  }
  const rows = await db.models.Employee.findAll({
    attributes: [...PUBLIC_COLUMNS, 'sortName'],
    where: { [Op.and]: conditions },
    order: [
      ['sortName', 'ASC'],
      ['id', 'ASC'],
    ],
    limit: limit + 1,
  });
  const plain = rows.map((row) => row.get({ plain: true }) as EmployeeRow);
  const page = plain.slice(0, limit);
  const last = page.at(-1);
  return {
    employees: page.map((row) => project(row, 'public')),
    nextCursor: plain.length > limit && last ? encodeCursor(last.sortName, last.id) : null,
  };
}

export async function listDepartments(db: Database): Promise<string[]> {
  const rows = await db.models.Employee.findAll({
    attributes: ['department'],
    where: { status: 'active' },
    group: ['department'],
    order: [['department', 'ASC']],
  });
  return rows.map((row) => row.get('department') as string);
}

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
  return rows.map((row) => project(row.get({ plain: true }) as EmployeeRow, 'public'));
}

export async function countEmployees(db: Database, where: { status?: EmployeeStatus } = {}): Promise<number> {
  return db.models.Employee.count({ where });
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
      displayName: displayNameOf({
        firstName: row.first_name,
        lastName: row.last_name,
        preferredName: row.preferred_name,
      }),
      jobTitle: row.job_title,
    }));
}

/** Work emails by employee id (the CSV export's manager column). */
export async function getWorkEmails(db: Database, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.models.Employee.findAll({ attributes: ['id', 'workEmail'], where: { id: ids } });
  return new Map(rows.map((row) => [row.get('id') as string, row.get('workEmail') as string]));
}

/** The photos a profile refers to (current, pending, failed): the orphan sweep keeps these. */
export async function getReferencedPhotoIds(db: Database, id: string): Promise<string[]> {
  const row = await db.models.Employee.findByPk(id, { attributes: ['photoId', 'pendingPhotoId', 'failedPhotoId'] });
  if (!row) return [];
  return [row.get('photoId'), row.get('pendingPhotoId'), row.get('failedPhotoId')].filter(
    (photoId): photoId is string => typeof photoId === 'string',
  );
}

/** Active HR admins to name as contacts (sign-in and pending notices), by name; at most `limit`. */
export async function listHrContacts(
  db: Database,
  limit = 3,
): Promise<Array<{ displayName: string; workEmail: string }>> {
  const rows = await db.models.Employee.findAll({
    attributes: ['firstName', 'lastName', 'preferredName', 'workEmail'],
    where: { role: 'admin', status: 'active' },
    order: [['sortName', 'ASC']],
    limit,
    raw: true,
  });
  return (rows as unknown as Array<Pick<EmployeeRow, 'firstName' | 'lastName' | 'preferredName' | 'workEmail'>>).map(
    (row) => ({ displayName: displayNameOf(row), workEmail: row.workEmail }),
  );
}

/** The photo columns of several employees (the photo-state poll): unknown ids are simply missing. */
export async function listPhotoReferences(
  db: Database,
  ids: string[],
): Promise<Array<Pick<EmployeeRow, 'id' | 'photoId' | 'pendingPhotoId' | 'failedPhotoId'>>> {
  if (ids.length === 0) return [];
  const rows = await db.models.Employee.findAll({
    attributes: ['id', 'photoId', 'pendingPhotoId', 'failedPhotoId'],
    where: { id: ids },
    raw: true,
  });
  return rows as unknown as Array<Pick<EmployeeRow, 'id' | 'photoId' | 'pendingPhotoId' | 'failedPhotoId'>>;
}

/** Other profiles with the same employee number or work email (the verification workflow's record check). */
export async function findRecordConflicts(
  db: Database,
  employee: { id: string; employeeNumber: string; workEmail: string },
): Promise<{ employeeNumber: boolean; workEmail: boolean }> {
  const workEmailNormalized = employee.workEmail.trim().toLowerCase();
  const others = await db.models.Employee.findAll({
    attributes: ['employeeNumber', 'workEmailNormalized'],
    where: {
      id: { [Op.ne]: employee.id },
      [Op.or]: [{ employeeNumber: employee.employeeNumber }, { workEmailNormalized }],
    },
    limit: 2,
  });
  return {
    employeeNumber: others.some((row) => row.get('employeeNumber') === employee.employeeNumber),
    workEmail: others.some((row) => row.get('workEmailNormalized') === workEmailNormalized),
  };
}

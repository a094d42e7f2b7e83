/**
 * The HR admin lists and the CSV export: employees in any status, a keyset-paginated page at a time.
 */
import { Op, type WhereOptions } from 'sequelize';
import type { Database } from '~/db/database.server';
import { decodeCursor, encodeCursor } from './directory-cursor.server';
import { PUBLIC_COLUMNS, projectEmployee, type PublicEmployee } from './employee-projection.server';
import type { EmployeeRow, EmployeeStatus } from '~/db/schema.server';
import { foldTerm } from '~/i18n/fold-text';

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

/** A range on an index instead of LIKE, so that both MySQL and SQLite use the index whatever the collation. */
function prefixRange(prefix: string) {
  return { [Op.gte]: prefix, [Op.lt]: `${prefix}\uffff` };
}

/**
 * One page of employees in any status ordered by (sortName, id), keyset-paginated so that page 500 costs what
 * page 1 costs; only public columns are read. Used by the HR admin lists; the CSV export reads listExportPage, in
 * the same order. The employee directory and its search use searchDirectory (./directory-search.server.ts), whose
 * per-field index ranges stay fast at 100,000 employees where this OR-ed search does not (docs/decisions/306).
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
        // Stored folded (migration 021): "zoë" and "zoe" both find Zoë.
        { givenNameKey: prefixRange(foldTerm(search)) },
        { jobTitleKey: prefixRange(foldTerm(search)) },
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
    employees: page.map((row) => projectEmployee(row, 'public')),
    nextCursor: plain.length > limit && last ? encodeCursor(last.sortName, last.id) : null,
  };
}

/** Work emails by employee id (the CSV export's manager column). */
export async function getWorkEmails(db: Database, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.models.Employee.findAll({ attributes: ['id', 'workEmail'], where: { id: ids } });
  return new Map(rows.map((row) => [row.get('id') as string, row.get('workEmail') as string]));
}

/** The stored values of the fields HR defines (JSON, or null) by employee id: a few people at once (/api/people). */
export async function getStoredCustomValues(db: Database, ids: string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.models.Employee.findAll({ attributes: ['id', 'customFields'], where: { id: ids } });
  return new Map(rows.map((row) => [row.get('id') as string, (row.get('customFields') as string | null) ?? null]));
}

/** The columns HR's CSV export reads (app/routes/admin.export[.]csv.ts), the values of the fields HR defines among them. */
const EXPORT_COLUMNS = [
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
  'customFields',
  'sortName',
] as const satisfies ReadonlyArray<keyof EmployeeRow>;

export type ExportRow = Pick<EmployeeRow, (typeof EXPORT_COLUMNS)[number]>;

/**
 * One page of the active employees for the CSV export, in the order and with the cursor of listDirectory (so the
 * file is the directory's order), as plain rows: building a model instance per row cost about half the export's
 * CPU at 20,000 employees with 30 fields HR defines (scripts/bench-fields.ts), and as much again in garbage.
 */
export async function listExportPage(
  db: Database,
  query: { after?: string; limit: number },
): Promise<{ rows: ExportRow[]; nextCursor: string | null }> {
  const cursor = query.after ? decodeCursor(query.after) : null;
  const conditions: WhereOptions[] = [{ status: 'active' }];
  if (cursor) {
    conditions.push({
      [Op.or]: [{ sortName: { [Op.gt]: cursor.sortName } }, { sortName: cursor.sortName, id: { [Op.gt]: cursor.id } }],
    });
  }
  const found = (await db.models.Employee.findAll({
    attributes: [...EXPORT_COLUMNS],
    where: { [Op.and]: conditions },
    order: [
      ['sortName', 'ASC'],
      ['id', 'ASC'],
    ],
    limit: query.limit + 1,
    raw: true,
  })) as unknown as ExportRow[];
  const rows = found.slice(0, query.limit);
  const last = rows.at(-1);
  return { rows, nextCursor: found.length > query.limit && last ? encodeCursor(last.sortName, last.id) : null };
}

/**
 * The search index's view of the employees table: the public projection of ACTIVE employees only. The
 * columns are listed here by name, so a personal field (personal email and phone, emergency contact, status
 * reason) is never even read for the index, whatever is added to the table later.
 *
 * Versions: a document's version is the newest outbox event `seq` of its employee, read BEFORE the row, so
 * the row is at least as new as its version; any later change has a larger seq and wins in the index.
 * Per employee, not globally: writers of one employee are serialised by the row lock, so their seqs commit
 * in order (decision 005), while another employee's seq may commit out of order.
 */
import { Op, QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';
import { SEARCHABLE_FIELDS, type SearchDocument } from '~/search/search-index.server';
import type { EmployeeRow } from '~/db/schema.server';
import { skillList } from './employee-projection.server';

const INDEXED_COLUMNS = ['id', ...SEARCHABLE_FIELDS, 'photoId', 'role', 'status'] as const satisfies ReadonlyArray<
  keyof EmployeeRow
>;

type IndexedRow = Pick<EmployeeRow, (typeof INDEXED_COLUMNS)[number]>;

export function toSearchDocument(row: IndexedRow, version: number): SearchDocument | null {
  if (row.status !== 'active') return null;
  return {
    id: row.id,
    version,
    firstName: row.firstName,
    lastName: row.lastName,
    preferredName: row.preferredName,
    jobTitle: row.jobTitle,
    department: row.department,
    officeLocation: row.officeLocation,
    skills: skillList(row.skills),
    bio: row.bio,
    workEmail: row.workEmail,
    photoId: row.photoId,
    role: row.role,
  };
}

async function latestEventSeq(db: Database, employeeId: string): Promise<number> {
  const seq = (await db.models.Event.max('seq', { where: { employeeId } })) as number | string | null;
  return Number(seq ?? 0);
}

/**
 * One employee as the index should hold them now: a document, or null (gone, pending, inactive), with the
 * version to write or remove it at.
 */
export async function readSearchDocument(
  db: Database,
  employeeId: string,
): Promise<{ version: number; document: SearchDocument | null }> {
  const version = await latestEventSeq(db, employeeId);
  const row = (await db.models.Employee.findByPk(employeeId, {
    attributes: [...INDEXED_COLUMNS],
    raw: true,
  })) as IndexedRow | null;
  return { version, document: row ? toSearchDocument(row, version) : null };
}

/** Every employee's newest event seq (one grouped read over the events index). */
async function latestEventSeqs(db: Database): Promise<Map<string, number>> {
  const rows = await db.sequelize.query<{ employee_id: string; seq: number | string }>(
    'SELECT employee_id, MAX(seq) AS seq FROM events GROUP BY employee_id',
    { type: QueryTypes.SELECT },
  );
  return new Map(rows.map((row) => [row.employee_id, Number(row.seq)]));
}

/**
 * Every active employee's document, in id order, a page at a time (a rebuild of 100,000 never holds the
 * table in memory twice). Versions are read first, for the reason at the top.
 */
export async function* streamSearchDocuments(
  db: Database,
  options: { pageSize?: number } = {},
): AsyncGenerator<SearchDocument> {
  const versions = await latestEventSeqs(db);
  const pageSize = options.pageSize ?? 1000;
  let after = '';
  for (;;) {
    const rows = (await db.models.Employee.findAll({
      attributes: [...INDEXED_COLUMNS],
      where: { status: 'active', id: { [Op.gt]: after } },
      order: [['id', 'ASC']],
      limit: pageSize,
      raw: true,
    })) as unknown as IndexedRow[];
    for (const row of rows) {
      const document = toSearchDocument(row, versions.get(row.id) ?? 0);
      if (document) yield document;
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].id;
  }
}

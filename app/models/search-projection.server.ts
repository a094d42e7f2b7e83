/**
 * The search index's view of the employees table: the public projection of ACTIVE employees only. The
 * columns are listed here by name, so a personal field (personal email and phone, emergency contact, status
 * reason) is never even read for the index, whatever is added to the table later. Of the fields, only those
 * every signed-in employee may see: the built-in ones whose visibility is `everyone`, and the fields HR defines
 * that are `everyone`, in force and marked searchable or a facet (docs/decisions/324-search-index-holds-everyone-fields.md).
 * The definitions are read from the database for every document or rebuild, never from a process's copy, so a
 * write after HR's change never puts back what the change took out.
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
import { BUILT_IN_FIELD_DEFINITIONS, everyoneFieldKeys, type FieldDefinitions } from './field-definitions';
import {
  activeCustomFields,
  displayValue,
  parseStoredValues,
  type CustomFieldDefinition,
  type CustomFieldDefinitions,
} from './custom-fields';
import { listCustomFieldDefinitions } from './custom-field-store.server';
import { skillList } from './employee-projection.server';

const INDEXED_COLUMNS = [
  'id',
  ...SEARCHABLE_FIELDS,
  'photoId',
  'role',
  'status',
  'customFields',
] as const satisfies ReadonlyArray<keyof EmployeeRow>;

type IndexedRow = Pick<EmployeeRow, (typeof INDEXED_COLUMNS)[number]>;

/** What the index may hold, from the definitions: the built-in fields and the fields HR defines it carries. */
export interface IndexedFields {
  /** Built-in keys every signed-in employee may see. */
  everyone: ReadonlySet<string>;
  /** Fields HR defines that everyone may see, in force, and searchable. */
  searchable: CustomFieldDefinition[];
  /** Fields HR defines that everyone may see, in force, and facets. */
  facets: CustomFieldDefinition[];
}

export function indexedFieldsOf(builtIn: FieldDefinitions, custom: CustomFieldDefinitions): IndexedFields {
  // A field that is not `everyone` is never indexed, whatever its flags say (a row written around the form's check).
  const shown = activeCustomFields(custom).filter((field) => field.visibility === 'everyone');
  return {
    everyone: new Set(everyoneFieldKeys(builtIn)),
    searchable: shown.filter((field) => field.searchable),
    facets: shown.filter((field) => field.facet),
  };
}

/** The definitions as stored now (the built-in ones are code: the process's, or a test's). */
export async function readIndexedFields(
  db: Database,
  builtIn: FieldDefinitions = BUILT_IN_FIELD_DEFINITIONS,
): Promise<IndexedFields> {
  return indexedFieldsOf(builtIn, await listCustomFieldDefinitions(db));
}

/** A choice's labels one by one (a facet counts each), any other value as its text; none when empty. */
function shownValues(field: CustomFieldDefinition, value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.map((item) => displayValue(field, item)).filter((item) => item.trim() !== '');
}

export function toSearchDocument(row: IndexedRow, version: number, fields: IndexedFields): SearchDocument | null {
  if (row.status !== 'active') return null;
  const everyone = (key: string) => fields.everyone.has(key);
  const stored = parseStoredValues(row.customFields);
  const customText: Record<string, string> = {};
  for (const field of fields.searchable) {
    const text = shownValues(field, stored[field.key]).join(', ');
    if (text) customText[field.key] = text;
  }
  const customFacets: Record<string, string[]> = {};
  for (const field of fields.facets) {
    const values = shownValues(field, stored[field.key]);
    if (values.length > 0) customFacets[field.key] = values;
  }
  return {
    id: row.id,
    version,
    // The naming fields are `everyone` by rule (checkFieldDefinitions in app/models/field-definitions.ts).
    firstName: row.firstName,
    lastName: row.lastName,
    preferredName: row.preferredName,
    jobTitle: row.jobTitle,
    department: row.department,
    officeLocation: everyone('officeLocation') ? row.officeLocation : null,
    skills: everyone('skills') ? skillList(row.skills) : [],
    bio: everyone('bio') ? row.bio : null,
    workEmail: row.workEmail,
    photoId: row.photoId,
    role: row.role,
    customText,
    customFacets,
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
  builtIn: FieldDefinitions = BUILT_IN_FIELD_DEFINITIONS,
): Promise<{ version: number; document: SearchDocument | null }> {
  const version = await latestEventSeq(db, employeeId);
  const fields = await readIndexedFields(db, builtIn);
  const row = (await db.models.Employee.findByPk(employeeId, {
    attributes: [...INDEXED_COLUMNS],
    raw: true,
  })) as IndexedRow | null;
  return { version, document: row ? toSearchDocument(row, version, fields) : null };
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
 * table in memory twice). Versions are read first, for the reason at the top. Rows of people not active are read
 * (their public columns only, as for everyone) and skipped by toSearchDocument.
 */
export async function* streamSearchDocuments(
  db: Database,
  options: { pageSize?: number; builtIn?: FieldDefinitions } = {},
): AsyncGenerator<SearchDocument> {
  const versions = await latestEventSeqs(db);
  const fields = await readIndexedFields(db, options.builtIn);
  const pageSize = options.pageSize ?? 1000;
  let after = '';
  for (;;) {
    const rows = (await db.models.Employee.findAll({
      attributes: [...INDEXED_COLUMNS],
      // Paged by the primary key alone, the inactive rows dropped below: with `status` in the condition, SQLite
      // read every active row through the status index and sorted them for each page, which made a rebuild of
      // 100,000 take minutes (17.5 s against 3.1 s for the reading alone, on a loaded machine).
      where: { id: { [Op.gt]: after } },
      order: [['id', 'ASC']],
      limit: pageSize,
      raw: true,
    })) as unknown as IndexedRow[];
    for (const row of rows) {
      const document = toSearchDocument(row, versions.get(row.id) ?? 0, fields);
      if (document) yield document;
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].id;
  }
}

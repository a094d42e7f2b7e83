/**
 * CSV import of employees, all or nothing: every row is checked first (schema, allowed domain, duplicates in
 * the file and in the database, managers in the file or the database); if any row is wrong the report lists
 * them and nothing is written. Otherwise all rows go through createEmployees (the service /join uses) in one
 * database transaction, managers before their reports, and any failure there (a race on a unique email,
 * say) rolls the whole file back.
 */
import { randomUUID } from 'node:crypto';
import { DuplicateEmployeeError, getEmployeeByEmail } from '~/models/employee.server';
import { displayNameOf } from '~/models/employee-projection.server';
import { findTakenEmployeeNumbers } from '~/models/employee-number.server';
import type { Platform } from '~/platform.server';
import { createEmployees, EmployeeBatchError } from '~/services/employees.server';
import { mapEmployeeRow, parseRowCustomValues, type MappedEmployeeRow } from '~/services/employee-row-mapping.server';
import { emailDomainAllowed } from '~/services/profile-form.server';
import { csvRows, CsvSyntaxError } from './csv';
import { machineColumnName } from './csv-header.server';

import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, REQUIRED_COLUMNS } from './import-columns';
import { customColumnsOf, isCustomColumn, type CustomColumns } from './import-custom-fields';
import type { CustomFieldValue } from '~/models/custom-fields';

export { IMPORT_COLUMNS, MAX_IMPORT_ROWS };

export interface RowReport {
  line: number;
  workEmail: string;
  errors: string[];
}

export type ImportResult =
  | { ok: true; imported: number; rows: RowReport[] }
  | { ok: false; fileError: string | null; rows: RowReport[]; imported: 0 };

export interface PreparedRow extends MappedEmployeeRow {
  line: number;
  id: string;
  customValues: Record<string, CustomFieldValue | null>;
}

/** The file checked and found clean, ready to write; or what is wrong with it. */
export type CheckedImport = { ok: true; rows: PreparedRow[]; reports: RowReport[] } | (ImportResult & { ok: false });

/** Rows checked per step: their employee numbers are looked up in one query, and no more of the file is held. */
const ROWS_PER_BATCH = 500;

/** Checks and imports a whole file (the admin page streams its upload through checkEmployeesCsv instead). */
export async function importEmployeesCsv(
  platform: Platform,
  actorId: string,
  text: string | AsyncIterable<string>,
): Promise<ImportResult> {
  const checked = await checkEmployeesCsv(platform, typeof text === 'string' ? oneChunk(text) : text);
  return writeCheckedImport(platform, actorId, checked);
}

async function* oneChunk(text: string): AsyncGenerator<string> {
  yield text;
}

/**
 * Reads the file row by row as it arrives, checking each batch of rows against the database as it goes, and
 * keeps only what the report and the write need (each row's report, the clean rows' values). The whole file is
 * always read, so the file-wide verdicts come in the order they always have: not CSV, no rows, too many rows,
 * a wrong header, then the rows' own problems. Reads only: nothing is written here.
 */
export async function checkEmployeesCsv(platform: Platform, chunks: AsyncIterable<string>): Promise<CheckedImport> {
  let header: string[] | null = null;
  let rowCount = 0;
  let headerVerdict: { columns: string[]; custom: CustomColumns } | { fileError: string } | null = null;
  const state = newCheckState();
  let batch: string[][] = [];
  try {
    for await (const cells of csvRows(chunks)) {
      if (!header) {
        header = cells;
        headerVerdict = checkHeader(platform, header);
        continue;
      }
      rowCount += 1;
      // Past the limit the file is refused whole: its rows are only counted, for the message.
      if (rowCount > MAX_IMPORT_ROWS || !headerVerdict || 'fileError' in headerVerdict) continue;
      batch.push(cells);
      if (batch.length === ROWS_PER_BATCH) {
        await checkRows(platform, headerVerdict, batch, rowCount - batch.length, state);
        batch = [];
      }
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { ok: false, fileError: `This file is not valid CSV: ${error.message}.`, rows: [], imported: 0 };
  }
  if (!header || rowCount === 0)
    return { ok: false, fileError: 'The file has no rows under its header.', rows: [], imported: 0 };
  if (rowCount > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      fileError: `At most ${MAX_IMPORT_ROWS} rows per file; this one has ${rowCount}.`,
      rows: [],
      imported: 0,
    };
  }
  if (!headerVerdict || 'fileError' in headerVerdict)
    return { ok: false, fileError: headerVerdict?.fileError ?? null, rows: [], imported: 0 };
  if (batch.length > 0) await checkRows(platform, headerVerdict, batch, rowCount - batch.length, state);
  return checkAcrossRows(platform, state);
}

/** The header's verdict: its columns (and the fields HR defines among them), or what is wrong with it. */
function checkHeader(
  platform: Platform,
  header: readonly string[],
): { columns: string[]; custom: CustomColumns } | { fileError: string } {
  // The machine names, or the headings of the export in HR's language, in any language (./csv-header.server.ts).
  const columns = header.map((name) => machineColumnName(name, platform.customFields));
  // The fields HR defines come as `custom.<key>` columns (or their labels, read back to that above).
  const custom = customColumnsOf(columns, platform.customFields);
  const unknown = [
    ...columns.filter((name) => !isCustomColumn(name) && !(IMPORT_COLUMNS as readonly string[]).includes(name)),
    ...custom.unknown,
  ];
  const missing = [...REQUIRED_COLUMNS.filter((name) => !columns.includes(name)), ...custom.missing];
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [
      missing.length ? `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` : null,
      unknown.length ? `unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` : null,
    ].filter(Boolean);
    return { fileError: `The header row is not right (${parts.join('; ')}).` };
  }
  return { columns, custom };
}

/** What the row checks carry from one batch to the next (all bounded by the file's row limit). */
interface CheckState {
  reports: RowReport[];
  prepared: PreparedRow[];
  emailsInFile: Map<string, string>; // email -> id assigned to that row
  numbersInFile: Set<string>;
  managerChecks: Array<{ line: number; workEmail: string; managerEmail: string | null }>;
}

function newCheckState(): CheckState {
  return { reports: [], prepared: [], emailsInFile: new Map(), numbersInFile: new Set(), managerChecks: [] };
}

/** Each row's own checks; `before` is how many rows of the file came before this batch. */
async function checkRows(
  platform: Platform,
  { columns, custom }: { columns: string[]; custom: CustomColumns },
  body: readonly string[][],
  before: number,
  { reports, prepared, emailsInFile, numbersInFile, managerChecks }: CheckState,
): Promise<void> {
  // One lookup for the batch's numbers rather than one per row.
  const numberColumn = columns.indexOf('employeeNumber');
  const numbersInDatabase = await findTakenEmployeeNumbers(
    platform.db,
    numberColumn < 0 ? [] : body.map((cells) => (cells[numberColumn] ?? '').trim()).filter(Boolean),
  );
  for (const [index, cells] of body.entries()) {
    const line = before + index + 2;
    const record = Object.fromEntries(columns.map((name, position) => [name, (cells[position] ?? '').trim()]));
    const errors: string[] = [];
    if (cells.length !== columns.length) errors.push(`has ${cells.length} cells; the header has ${columns.length}`);
    const mapped = mapEmployeeRow(record);
    if (!mapped.ok) errors.push(...mapped.errors);
    const customValues = parseRowCustomValues(record, custom.fields);
    errors.push(...customValues.errors);
    const email = (record.workEmail ?? '').toLowerCase();
    if (email.includes('@') && !emailDomainAllowed(email, platform.env.ALLOWED_EMAIL_DOMAINS)) {
      errors.push(
        `workEmail: must end in ${platform.env.ALLOWED_EMAIL_DOMAINS.map((domain) => `@${domain}`).join(' or ')}`,
      );
    }
    if (email && emailsInFile.has(email)) errors.push('workEmail: appears twice in this file');
    if (email && (await getEmployeeByEmail(platform.db, email)))
      errors.push('workEmail: an employee with this email already exists');
    const employeeNumber = record.employeeNumber || undefined;
    if (employeeNumber) {
      if (numbersInFile.has(employeeNumber)) errors.push('employeeNumber: appears twice in this file');
      if (numbersInDatabase.has(employeeNumber))
        errors.push('employeeNumber: an employee with this number already exists');
      numbersInFile.add(employeeNumber);
    }
    const id = randomUUID();
    if (email) emailsInFile.set(email, id);
    reports.push({ line, workEmail: record.workEmail ?? '', errors });
    managerChecks.push({
      line,
      workEmail: email,
      managerEmail: record.managerEmail ? record.managerEmail.toLowerCase() : null,
    });
    if (mapped.ok && errors.length === 0) prepared.push({ line, id, ...mapped.row, customValues: customValues.values });
  }
}

/** The checks that need every row: managers (in the file or the directory) and loops among the file's rows. */
async function checkAcrossRows(
  platform: Platform,
  { reports, prepared, emailsInFile, managerChecks }: CheckState,
): Promise<CheckedImport> {
  // Managers: another row of this file, or an active employee already in the directory. Checked on every row,
  // so that one report lists all of a row's problems.
  for (const check of managerChecks) {
    if (!check.managerEmail) continue;
    const report = reports.find((candidate) => candidate.line === check.line)!;
    const row = prepared.find((candidate) => candidate.line === check.line);
    if (check.managerEmail === check.workEmail) {
      report.errors.push('managerEmail: an employee cannot be their own manager');
      continue;
    }
    const inFile = emailsInFile.get(check.managerEmail);
    if (inFile) {
      if (row) row.fields = { ...row.fields, managerId: inFile };
      continue;
    }
    const existing = await getEmployeeByEmail(platform.db, check.managerEmail);
    if (!existing || existing.status !== 'active')
      report.errors.push('managerEmail: no active employee has this email');
    else if (row) row.fields = { ...row.fields, managerId: existing.id };
  }

  const ordered = orderManagersFirst(prepared);
  if (!ordered) {
    // Each row on a loop is told who is on it; rows that only hang below a loop wait for it to be fixed.
    for (const loop of findLoopsInFile(prepared)) {
      const members = loop.map((row) => `${displayNameOf(row.fields)} (line ${row.line})`).join(', then ');
      for (const row of loop) {
        reports
          .find((candidate) => candidate.line === row.line)!
          .errors.push(`managerEmail: the managers in this file form a loop: ${members}, each reporting to the next`);
      }
    }
  }
  if (reports.some((report) => report.errors.length > 0) || !ordered) {
    return { ok: false, fileError: null, rows: reports, imported: 0 };
  }
  return { ok: true, rows: ordered, reports };
}

/** Writes a clean file's rows, all or nothing; a file with problems is answered with its report. */
export async function writeCheckedImport(
  platform: Platform,
  actorId: string,
  checked: CheckedImport,
): Promise<ImportResult> {
  if (!checked.ok) return checked;
  const { rows: ordered, reports } = checked;

  // The same service as /join and the admin pages: activity entries, rows and `employee.created` events,
  // all or nothing.
  try {
    await createEmployees(
      platform,
      ordered.map((row) => ({
        id: row.id,
        fields: row.fields,
        customValues: row.customValues,
        employeeNumber: row.employeeNumber,
        status: row.status,
        role: row.role,
        actorId,
        source: 'import' as const,
      })),
    );
  } catch (error) {
    if (error instanceof EmployeeBatchError && error.cause instanceof DuplicateEmployeeError) {
      const report = reports.find((candidate) => candidate.line === ordered[error.index].line)!;
      report.errors.push(error.cause.message);
      return { ok: false, fileError: 'Nothing was imported.', rows: reports, imported: 0 };
    }
    throw error instanceof EmployeeBatchError ? error.cause : error;
  }

  platform.log.info('employees imported', { actorId, count: ordered.length });
  return { ok: true, imported: ordered.length, rows: reports };
}

/**
 * The loops among the file's rows (each row's manager another row of the file), each in reporting order: one
 * pass over the rows, every row walked once. The file can loop only within itself: its rows are all new people,
 * and nobody already in the directory reports to them.
 */
function findLoopsInFile(rows: PreparedRow[]): PreparedRow[][] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const walked = new Set<string>();
  const loops: PreparedRow[][] = [];
  for (const start of rows) {
    const path: PreparedRow[] = [];
    const onPath = new Map<string, number>();
    let current = byId.get(start.id);
    while (current && !walked.has(current.id)) {
      walked.add(current.id);
      onPath.set(current.id, path.length);
      path.push(current);
      current = current.fields.managerId ? byId.get(current.fields.managerId) : undefined;
    }
    if (current && onPath.has(current.id)) loops.push(path.slice(onPath.get(current.id)));
  }
  return loops;
}

/** Managers that are rows of the same file are inserted before their reports (the foreign key needs them). */
function orderManagersFirst(rows: PreparedRow[]): PreparedRow[] | null {
  const ids = new Set(rows.map((row) => row.id));
  const placed = new Set<string>();
  const ordered: PreparedRow[] = [];
  let remaining = rows;
  while (remaining.length > 0) {
    const ready = remaining.filter(
      (row) => !row.fields.managerId || !ids.has(row.fields.managerId) || placed.has(row.fields.managerId),
    );
    if (ready.length === 0) return null;
    for (const row of ready) {
      ordered.push(row);
      placed.add(row.id);
    }
    remaining = remaining.filter((row) => !placed.has(row.id));
  }
  return ordered;
}

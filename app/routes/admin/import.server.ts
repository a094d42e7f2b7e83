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
import { parseCsv } from './csv';

import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, REQUIRED_COLUMNS } from './import-columns';
import { customColumnsOf, isCustomColumn } from './import-custom-fields';
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

interface PreparedRow extends MappedEmployeeRow {
  line: number;
  id: string;
  customValues: Record<string, CustomFieldValue | null>;
}

export async function importEmployeesCsv(platform: Platform, actorId: string, text: string): Promise<ImportResult> {
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (error) {
    return { ok: false, fileError: `This file is not valid CSV: ${(error as Error).message}.`, rows: [], imported: 0 };
  }
  const [header, ...body] = table;
  if (!header || body.length === 0)
    return { ok: false, fileError: 'The file has no rows under its header.', rows: [], imported: 0 };
  if (body.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      fileError: `At most ${MAX_IMPORT_ROWS} rows per file; this one has ${body.length}.`,
      rows: [],
      imported: 0,
    };
  }
  const columns = header.map((name) => name.trim());
  // The fields HR defines come as `custom.<key>` columns, the header the export writes for them.
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
    return { ok: false, fileError: `The header row is not right (${parts.join('; ')}).`, rows: [], imported: 0 };
  }

  const reports: RowReport[] = [];
  const prepared: PreparedRow[] = [];
  const emailsInFile = new Map<string, string>(); // email -> id assigned to that row
  const numbersInFile = new Set<string>();
  const managerChecks: Array<{ line: number; workEmail: string; managerEmail: string | null }> = [];
  // One lookup for the whole file's numbers rather than one per row (a file may have 5,000 rows).
  const numberColumn = columns.indexOf('employeeNumber');
  const numbersInDatabase = await findTakenEmployeeNumbers(
    platform.db,
    numberColumn < 0 ? [] : body.map((cells) => (cells[numberColumn] ?? '').trim()).filter(Boolean),
  );
  for (const [index, cells] of body.entries()) {
    const line = index + 2;
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

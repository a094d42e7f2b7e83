/**
 * The CSV import's report in HR's language. The checks (./import.server.ts and the row mapping it shares with SCIM,
 * app/services/employee-row-mapping.server.ts) word their findings in English, "<column>: <problem>" per row; here
 * each known finding becomes its catalogue message (ids written out whole, so the catalogue check finds them). The profile schema's own messages go through the
 * form errors' table (app/i18n/form-errors.ts); anything unknown stays as worded, and data (an address, a name)
 * is never translated.
 */
import type { IntlShape } from 'react-intl';
import { translateFormError } from '~/i18n/form-errors';
import type { ImportResult } from './import.server';

const FIXED_FILE_ERRORS: Record<string, string> = {
  'The file is larger than 5 MB; split it into smaller files.': 'adminImport.file.tooLarge',
  'Choose a CSV file to import.': 'adminImport.file.missing',
  'The file has no rows under its header.': 'adminImport.file.noRows',
  'Nothing was imported.': 'adminImport.file.nothingImported',
};

const FIXED_ROW_PROBLEMS: Record<string, string> = {
  'appears twice in this file': 'adminImport.row.twiceInFile',
  'an employee with this email already exists': 'adminImport.row.emailExists',
  'an employee with this number already exists': 'adminImport.row.numberExists',
  'an employee cannot be their own manager': 'adminImport.row.ownManager',
  'no active employee has this email': 'adminImport.row.noManager',
  'letters, digits and hyphens, at most 32': 'adminImport.row.employeeNumber',
  'must be active or pending': 'adminImport.row.status',
  'must be employee or admin': 'adminImport.row.role',
};

function wordFileError(intl: IntlShape, message: string): string {
  if (Object.hasOwn(FIXED_FILE_ERRORS, message)) return intl.formatMessage({ id: FIXED_FILE_ERRORS[message] });
  const tooMany = /^At most (\d+) rows per file; this one has (\d+)\.$/.exec(message);
  if (tooMany) {
    return intl.formatMessage(
      { id: 'adminImport.file.tooManyRows' },
      { max: Number(tooMany[1]), rows: Number(tooMany[2]) },
    );
  }
  const notCsv = /^This file is not valid CSV: (.*)\.$/s.exec(message);
  if (notCsv) return intl.formatMessage({ id: 'adminImport.file.notCsv' }, { reason: notCsv[1] });
  const header = /^The header row is not right \((.*)\)\.$/s.exec(message);
  if (header) {
    const problems = header[1].split('; ').map((part) => {
      const columns = /^(missing|unknown) (columns?): (.*)$/s.exec(part);
      if (!columns) return part;
      const values = { count: columns[2] === 'column' ? 1 : 2, columns: columns[3] };
      return columns[1] === 'missing'
        ? intl.formatMessage({ id: 'adminImport.file.missingColumns' }, values)
        : intl.formatMessage({ id: 'adminImport.file.unknownColumns' }, values);
    });
    return intl.formatMessage({ id: 'adminImport.file.badHeader' }, { problems: problems.join('; ') });
  }
  return message;
}

function wordProblem(intl: IntlShape, problem: string): string {
  if (Object.hasOwn(FIXED_ROW_PROBLEMS, problem)) return intl.formatMessage({ id: FIXED_ROW_PROBLEMS[problem] });
  const cells = /^has (\d+) cells; the header has (\d+)$/.exec(problem);
  if (cells) {
    return intl.formatMessage({ id: 'adminImport.row.cells' }, { cells: Number(cells[1]), columns: Number(cells[2]) });
  }
  const domain = /^must end in (.*)$/s.exec(problem);
  if (domain) return intl.formatMessage({ id: 'adminImport.row.domain' }, { domains: domain[1] });
  const loop = /^the managers in this file form a loop: (.*), each reporting to the next$/s.exec(problem);
  if (loop) {
    const members = loop[1].split(', then ').map((member) => {
      const named = /^(.*) \(line (\d+)\)$/s.exec(member);
      return named
        ? intl.formatMessage({ id: 'adminImport.row.loopMember' }, { name: named[1], line: Number(named[2]) })
        : member;
    });
    return intl.formatMessage({ id: 'adminImport.row.loop' }, { members: members.join(' → ') });
  }
  return translateFormError(intl, problem);
}

/**
 * A column keeps the name the page lists it by (`workEmail`, the machine name, in every language: the file's own
 * header may be in any of them), a field HR defines the label HR typed.
 */
function wordRowError(intl: IntlShape, error: string): string {
  const split = /^([^:]+): (.*)$/s.exec(error);
  if (!split) return wordProblem(intl, error);
  const [, column, problem] = split;
  return intl.formatMessage({ id: 'adminImport.report.problem' }, { column, problem: wordProblem(intl, problem) });
}

/** The import's answer with its file error and every row's problems in HR's language. */
export function wordImportResult(result: ImportResult, intl: IntlShape): ImportResult {
  const rows = result.rows.map((row) => ({ ...row, errors: row.errors.map((error) => wordRowError(intl, error)) }));
  if (result.ok) return { ...result, rows };
  return { ...result, rows, fileError: result.fileError === null ? null : wordFileError(intl, result.fileError) };
}

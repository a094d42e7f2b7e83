/**
 * The people CSV's header row in two forms (docs/decisions/339-csv-headers-in-hr-language.md): the machine header
 * (`firstName`, `custom.<key>`), stable for scripts, and HR's language ("Vorname", a field HR defined by the label
 * HR typed). The import reads either, in any language the product speaks, back to the machine names.
 */
import { z } from 'zod';
import { catalogue } from '~/i18n/catalogue.server';
import { SUPPORTED_LANGUAGES, type Language } from '~/i18n/languages';
import { activeCustomFields, customFieldInputName, type CustomFieldDefinitions } from '~/models/custom-fields';
import { IMPORT_COLUMNS } from './import-columns';

type CsvColumn = (typeof IMPORT_COLUMNS)[number];

/** Each column's heading in the catalogue (written out whole, so the catalogue check finds them). */
const COLUMN_HEADINGS: Record<CsvColumn, string> = {
  employeeNumber: 'csv.column.employeeNumber',
  firstName: 'csv.column.firstName',
  lastName: 'csv.column.lastName',
  preferredName: 'csv.column.preferredName',
  workEmail: 'csv.column.workEmail',
  workPhone: 'csv.column.workPhone',
  jobTitle: 'csv.column.jobTitle',
  department: 'csv.column.department',
  managerEmail: 'csv.column.managerEmail',
  officeLocation: 'csv.column.officeLocation',
  startDate: 'csv.column.startDate',
  bio: 'csv.column.bio',
  skills: 'csv.column.skills',
  personalEmail: 'csv.column.personalEmail',
  personalPhone: 'csv.column.personalPhone',
  emergencyContactName: 'csv.column.emergencyContactName',
  emergencyContactPhone: 'csv.column.emergencyContactPhone',
  status: 'csv.column.status',
  role: 'csv.column.role',
};

/** `?header=`: HR's language (the menu's link) or the machine names (also the answer when none is asked for). */
export const csvHeaderChoiceSchema = z.enum(['language', 'machine'], {
  errorMap: () => ({ message: 'header must be “language” or “machine”' }),
});
export type CsvHeaderChoice = z.infer<typeof csvHeaderChoiceSchema>;

/** A built-in column's heading in a language. */
export function columnHeading(column: CsvColumn, language: Language): string {
  return catalogue(language).intl.formatMessage({ id: COLUMN_HEADINGS[column] });
}

/** Headings compare without case or surrounding spaces: a spreadsheet may have changed either. */
const comparable = (heading: string) => heading.trim().toLocaleLowerCase();

let columnsByHeading: Map<string, CsvColumn> | undefined;

/** Every language's heading of every built-in column, to its machine name (built once: the catalogues never change). */
function headingsOfAllLanguages(): Map<string, CsvColumn> {
  if (!columnsByHeading) {
    columnsByHeading = new Map();
    for (const language of SUPPORTED_LANGUAGES) {
      for (const column of IMPORT_COLUMNS) columnsByHeading.set(comparable(columnHeading(column, language)), column);
    }
  }
  return columnsByHeading;
}

/**
 * A header cell of an uploaded file as the machine name it stands for: a machine name as it is; a built-in
 * column's heading in any language; the label of exactly one field HR defines, in force, as its `custom.<key>`.
 * Anything else is returned as it is, for the import to report as an unknown column.
 */
export function machineColumnName(cell: string, customFields: CustomFieldDefinitions): string {
  const name = cell.trim();
  if ((IMPORT_COLUMNS as readonly string[]).includes(name) || name.startsWith(customFieldInputName(''))) return name;
  const builtIn = headingsOfAllLanguages().get(comparable(name));
  if (builtIn) return builtIn;
  const labelled = activeCustomFields(customFields).filter((field) => comparable(field.label) === comparable(name));
  return labelled.length === 1 ? customFieldInputName(labelled[0].key) : name;
}

/**
 * The CSV import's columns for the fields HR defines (docs/decisions/325-new-profiles-take-hr-defined-fields.md): one
 * `custom.<key>` column per field, the header the CSV export writes. Its cells are read by parseRowCustomValues
 * (app/services/employee-row-mapping.server.ts, which SCIM provisioning shares), as the export writes them and
 * checked by the schema the profile forms use, so a row gets the form's message.
 */
import {
  activeCustomFields,
  customFieldInputName,
  offeredForNewProfile,
  type CustomFieldDefinition,
  type CustomFieldDefinitions,
} from '~/models/custom-fields';

const PREFIX = customFieldInputName('');

export function isCustomColumn(name: string): boolean {
  return name.startsWith(PREFIX);
}

export interface CustomColumns {
  /** The fields the file has a column for, as a new profile takes them (no retired option). */
  fields: CustomFieldDefinition[];
  /** Header problems, each naming the column: no such field, a retired field. */
  unknown: string[];
  /** The columns of required fields the file lacks: every row would fail them. */
  missing: string[];
}

/** Which fields the header's `custom.<key>` columns name, and what is wrong with them. */
export function customColumnsOf(columns: readonly string[], definitions: CustomFieldDefinitions): CustomColumns {
  const fields: CustomFieldDefinition[] = [];
  const unknown: string[] = [];
  for (const column of columns.filter(isCustomColumn)) {
    const key = column.slice(PREFIX.length);
    const field = definitions.find((candidate) => candidate.key === key);
    if (!field) unknown.push(`${column} (no field has the key “${key}”)`);
    // Retired fields are hidden from every form: the import does not fill one in either.
    else if (field.retired) unknown.push(`${column} (the field “${field.label}” is retired)`);
    else fields.push(field);
  }
  const missing = activeCustomFields(definitions)
    .filter((field) => field.required && !fields.includes(field))
    .map((field) => customFieldInputName(field.key));
  return { fields: offeredForNewProfile(fields), unknown, missing };
}

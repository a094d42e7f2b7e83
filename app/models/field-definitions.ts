/**
 * The profile's fields as data: each one's key, label and who may read it. Every reader surface (pages, the
 * directory and its search, /api/people, the CSV export, the "My data" archive, the view log) decides what to show
 * through the gate over these definitions (app/services/field-gate.server.ts), never by naming fields itself
 * (docs/decisions/322-one-gate-for-fields.md). Fields HR defines will be more definitions of the same shape.
 * Plain TypeScript: the pages may show the labels.
 */
import type { EmployeeFields } from './employee-fields';

/**
 * Who may read a field, from the widest audience to the narrowest:
 * - `everyone`: every signed-in, active employee (and HR);
 * - `manager-chain-and-hr`: the person's managers, all the way up the reporting line, and HR;
 * - `person-and-hr`: the person themself and HR;
 * - `hr`: HR admins only.
 */
export const FIELD_VISIBILITIES = ['everyone', 'manager-chain-and-hr', 'person-and-hr', 'hr'] as const;
export type FieldVisibility = (typeof FIELD_VISIBILITIES)[number];

/** A built-in field is a column of the employees table, named as the forms name it. */
export type BuiltInFieldKey = keyof EmployeeFields;

export interface FieldDefinition {
  key: BuiltInFieldKey;
  label: string;
  visibility: FieldVisibility;
  /**
   * Shown to someone not yet trusted (a visitor on /join, a pending account) where they pick their manager:
   * the name and department only (docs/decisions/305-pages-and-forms.md). Only for `everyone` fields.
   */
  shownWhenPickingManager?: true;
}

export type FieldDefinitions = readonly FieldDefinition[];

/** The built-in fields, in the order the forms and the CSV list them (app/models/employee-fields.ts). */
export const BUILT_IN_FIELD_DEFINITIONS: FieldDefinitions = [
  { key: 'firstName', label: 'First name', visibility: 'everyone', shownWhenPickingManager: true },
  { key: 'lastName', label: 'Last name', visibility: 'everyone', shownWhenPickingManager: true },
  { key: 'preferredName', label: 'Preferred name', visibility: 'everyone', shownWhenPickingManager: true },
  { key: 'workEmail', label: 'Work email', visibility: 'everyone' },
  { key: 'workPhone', label: 'Work phone', visibility: 'everyone' },
  { key: 'jobTitle', label: 'Job title', visibility: 'everyone' },
  { key: 'department', label: 'Department', visibility: 'everyone', shownWhenPickingManager: true },
  { key: 'managerId', label: 'Manager', visibility: 'everyone' },
  { key: 'officeLocation', label: 'Office', visibility: 'everyone' },
  { key: 'startDate', label: 'Start date', visibility: 'everyone' },
  { key: 'bio', label: 'Short bio', visibility: 'everyone' },
  { key: 'skills', label: 'Skills', visibility: 'everyone' },
  { key: 'personalEmail', label: 'Personal email', visibility: 'person-and-hr' },
  { key: 'personalPhone', label: 'Personal phone', visibility: 'person-and-hr' },
  { key: 'emergencyContactName', label: 'Emergency contact name', visibility: 'person-and-hr' },
  { key: 'emergencyContactPhone', label: 'Emergency contact phone', visibility: 'person-and-hr' },
];

/**
 * The fields that name a person wherever they appear (a page's title, a link to them, a card in the directory,
 * the manager picker): they must be `everyone`, so every surface may rely on them (checkFieldDefinitions).
 */
export const NAMING_FIELDS = [
  'firstName',
  'lastName',
  'preferredName',
  'workEmail',
  'jobTitle',
  'department',
] as const satisfies readonly BuiltInFieldKey[];

/** What is wrong with a list of definitions (empty when nothing is): a key twice, or a naming field restricted. */
export function checkFieldDefinitions(definitions: FieldDefinitions): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const field of definitions) {
    if (seen.has(field.key)) problems.push(`${field.key} is defined twice`);
    seen.add(field.key);
    if (field.shownWhenPickingManager && field.visibility !== 'everyone') {
      problems.push(`${field.key} is shown when picking a manager, so everyone must see it`);
    }
  }
  for (const key of NAMING_FIELDS) {
    const field = definitions.find((candidate) => candidate.key === key);
    if (field?.visibility !== 'everyone') problems.push(`${key} names the person, so everyone must see it`);
  }
  return problems;
}

/**
 * The fields not every employee may read: a read of one by someone other than the person is a view the view
 * log records (docs/decisions/320-personal-archive-and-view-log.md).
 */
export function restrictedFieldKeys(definitions: FieldDefinitions): BuiltInFieldKey[] {
  return definitions.filter((field) => field.visibility !== 'everyone').map((field) => field.key);
}

/** The fields every signed-in employee may read: all a list of many people (the directory, its search) shows. */
export function everyoneFieldKeys(definitions: FieldDefinitions): BuiltInFieldKey[] {
  return definitions.filter((field) => field.visibility === 'everyone').map((field) => field.key);
}

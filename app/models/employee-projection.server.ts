/**
 * The two projections of an employee row, as queries read it: the public one (the columns of the fields everyone
 * may see, app/models/field-definitions.ts) and the private one (every column). They decide what a query reads,
 * never what a reader is shown: that is the field gate's (app/services/field-gate.server.ts), which every reader
 * surface calls with the reader and the person. The directory only ever selects the public columns.
 */
import { PRIVATE_FIELDS, PUBLIC_FIELDS } from './employee-fields';
import type { EmployeeRow } from '~/db/schema.server';

export const PUBLIC_COLUMNS = [
  'id',
  'employeeNumber',
  ...PUBLIC_FIELDS,
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
  ...PRIVATE_FIELDS,
  'statusReason',
  // The values of the fields HR defines: who sees each is the gate's, by its definition (gateCustomValues).
  'customFields',
] as const satisfies ReadonlyArray<keyof EmployeeRow>;

/** Skills leave the model as a list; the column stores them comma-separated. */
type WithSkillList<T> = Omit<T, 'skills'> & { skills: string[]; displayName: string };
export type PublicEmployee = WithSkillList<Pick<EmployeeRow, (typeof PUBLIC_COLUMNS)[number]>>;
export type PrivateEmployee = WithSkillList<Pick<EmployeeRow, (typeof PRIVATE_COLUMNS)[number]>>;
export type Projection = 'public' | 'private';

export function displayNameOf(row: Pick<EmployeeRow, 'firstName' | 'lastName' | 'preferredName'>): string {
  return `${row.preferredName || row.firstName} ${row.lastName}`;
}

/** The same name from a raw SQL row, whose columns keep their snake_case names. */
export function displayNameOfColumns(row: { first_name: string; last_name: string; preferred_name: string | null }) {
  return displayNameOf({ firstName: row.first_name, lastName: row.last_name, preferredName: row.preferred_name });
}

export function skillList(stored: string | null | undefined): string[] {
  return stored ? stored.split(',').filter(Boolean) : [];
}

export function storedSkills(skills: readonly string[]): string {
  return skills.join(',');
}

export function projectEmployee<P extends Projection>(
  row: EmployeeRow,
  projection: P,
): P extends 'private' ? PrivateEmployee : PublicEmployee {
  const columns = projection === 'private' ? PRIVATE_COLUMNS : PUBLIC_COLUMNS;
  const picked = Object.fromEntries(columns.map((column) => [column, row[column] ?? null]));
  return { ...picked, skills: skillList(row.skills), displayName: displayNameOf(row) } as never;
}

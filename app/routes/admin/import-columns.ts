/** The CSV import's columns (browser-safe: the import page lists them). */
import { PROFILE_FIELD_NAMES } from '~/models/employee-fields';

export const IMPORT_COLUMNS = ['employeeNumber', ...PROFILE_FIELD_NAMES, 'status', 'role'] as const;
export const REQUIRED_COLUMNS = ['firstName', 'lastName', 'workEmail', 'jobTitle', 'department'];
export const MAX_IMPORT_ROWS = 5000;

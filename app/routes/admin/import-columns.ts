/** The CSV import's columns (browser-safe: the import page lists them). */
export const IMPORT_COLUMNS = [
  'employeeNumber',
  'firstName',
  'lastName',
  'preferredName',
  'workEmail',
  'workPhone',
  'jobTitle',
  'department',
  'managerEmail',
  'officeLocation',
  'startDate',
  'bio',
  'personalEmail',
  'personalPhone',
  'emergencyContactName',
  'emergencyContactPhone',
  'status',
  'role',
] as const;
export const REQUIRED_COLUMNS = ['firstName', 'lastName', 'workEmail', 'jobTitle', 'department'];
export const MAX_IMPORT_ROWS = 5000;

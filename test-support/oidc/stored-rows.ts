/** What the sign-in suites read back from the database: links, an employee's event types, an employee by name. */
import { QueryTypes } from 'sequelize';
import type { Platform } from '~/platform.server';

export function linksOf(platform: Platform, employeeId: string) {
  return platform.db.sequelize.query<{ id: string; issuer: string; subject: string; provider_id: string }>(
    'SELECT id, issuer, subject, provider_id FROM linked_identities WHERE employee_id = :employeeId',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
}

export async function eventTypesOf(platform: Platform, employeeId: string): Promise<string[]> {
  const rows = await platform.db.sequelize.query<{ type: string }>(
    'SELECT type FROM events WHERE employee_id = :employeeId ORDER BY seq',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return rows.map((row) => row.type);
}

export async function employeesNamed(platform: Platform, firstName: string) {
  return platform.db.sequelize.query<{ id: string; status: string; work_email: string }>(
    'SELECT id, status, work_email FROM employees WHERE first_name = :firstName',
    { replacements: { firstName }, type: QueryTypes.SELECT },
  );
}

export async function setEmployeeStatusDirectly(platform: Platform, id: string, status: 'active' | 'inactive') {
  await platform.db.sequelize.query('UPDATE employees SET status = :status WHERE id = :id', {
    replacements: { id, status },
    type: QueryTypes.UPDATE,
  });
}

import type { Database } from '~/db/database.server';
import { displayNameOf } from './employee-projection.server';
import type { EmployeeRow } from '~/db/schema.server';

/** Active HR admins to name as contacts (sign-in and pending notices), by name; at most `limit`. */
export async function listHrContacts(
  db: Database,
  limit = 3,
): Promise<Array<{ displayName: string; workEmail: string }>> {
  const rows = await db.models.Employee.findAll({
    attributes: ['firstName', 'lastName', 'preferredName', 'workEmail'],
    where: { role: 'admin', status: 'active' },
    order: [['sortName', 'ASC']],
    limit,
    raw: true,
  });
  return (rows as unknown as Array<Pick<EmployeeRow, 'firstName' | 'lastName' | 'preferredName' | 'workEmail'>>).map(
    (row) => ({ displayName: displayNameOf(row), workEmail: row.workEmail }),
  );
}

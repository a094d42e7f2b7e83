/** The departments active employees work in (the profile form's list, cached by app/services/departments.server.ts). */
import type { Database } from '~/db/database.server';

export async function listDepartments(db: Database): Promise<string[]> {
  const rows = await db.models.Employee.findAll({
    attributes: ['department'],
    where: { status: 'active' },
    group: ['department'],
    order: [['department', 'ASC']],
  });
  return rows.map((row) => row.get('department') as string);
}

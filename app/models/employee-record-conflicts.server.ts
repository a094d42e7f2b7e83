import { Op } from 'sequelize';
import type { Database } from '~/db/database.server';

/** Other profiles with the same employee number or work email (the verification workflow's record check). */
export async function findRecordConflicts(
  db: Database,
  employee: { id: string; employeeNumber: string; workEmail: string },
): Promise<{ employeeNumber: boolean; workEmail: boolean }> {
  const workEmailNormalized = employee.workEmail.trim().toLowerCase();
  const others = await db.models.Employee.findAll({
    attributes: ['employeeNumber', 'workEmailNormalized'],
    where: {
      id: { [Op.ne]: employee.id },
      [Op.or]: [{ employeeNumber: employee.employeeNumber }, { workEmailNormalized }],
    },
    limit: 2,
  });
  return {
    employeeNumber: others.some((row) => row.get('employeeNumber') === employee.employeeNumber),
    workEmail: others.some((row) => row.get('workEmailNormalized') === workEmailNormalized),
  };
}

/** The profile as the database holds it, private fields included. */
import { getEmployee } from '~/models/employee.server';
import type { ArchiveSection } from './section.server';

export const profileSection: ArchiveSection = {
  key: 'profile',
  readme:
    'profile: your profile as stored in the database: names, work email and phone, job title, department, ' +
    "manager's id, office, start date, bio, skills, status and role, HR's note on your status, and the private " +
    'fields only you and HR see (personal email and phone, emergency contact).',
  async collect({ platform, employeeId }) {
    const employee = await getEmployee(platform.db, employeeId, 'private');
    if (!employee) return { data: null };
    const { createdAt, updatedAt, ...fields } = employee;
    return {
      data: { ...fields, createdAt: new Date(createdAt).toISOString(), updatedAt: new Date(updatedAt).toISOString() },
    };
  },
};

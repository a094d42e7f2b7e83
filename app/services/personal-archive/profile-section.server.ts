/**
 * The profile as the database holds it, each field as the field gate lets the archive's reader see it
 * (app/services/field-gate.server.ts): the person's own archive, or HR's copy of it.
 */
import { getEmployee } from '~/models/employee.server';
import { PERSON_THEMSELF, gateFields, readerOf } from '~/services/field-gate.server';
import type { ArchiveSection } from './section.server';

export const profileSection: ArchiveSection = {
  key: 'profile',
  readme:
    'profile: your profile as stored in the database: names, work email and phone, job title, department, ' +
    "manager's id, office, start date, bio, skills, status and role, HR's note on your status, and the private " +
    'fields only you and HR see (personal email and phone, emergency contact).',
  async collect({ platform, employeeId, viewer }) {
    const employee = await getEmployee(platform.db, employeeId, 'private');
    if (!employee) return { data: null };
    const definitions = platform.fieldDefinitions;
    const reader = viewer ? await readerOf(platform.db, definitions, viewer, employeeId) : PERSON_THEMSELF;
    const { id, employeeNumber, displayName, status, role, statusReason, createdAt, updatedAt } = employee;
    const { photoId, pendingPhotoId, failedPhotoId } = employee;
    return {
      data: {
        id,
        employeeNumber,
        ...gateFields(definitions, reader, employee),
        status,
        role,
        photoId,
        pendingPhotoId,
        failedPhotoId,
        statusReason,
        displayName,
        createdAt: new Date(createdAt).toISOString(),
        updatedAt: new Date(updatedAt).toISOString(),
      },
    };
  },
};

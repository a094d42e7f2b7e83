/**
 * The profile as the database holds it, each field as the field gate lets the archive's reader see it
 * (app/services/field-gate.server.ts): the person's own archive, or HR's copy of it.
 */
import { getPreferredLanguage } from '~/models/preferred-language.server';
import { PERSON_THEMSELF, gateFields, mayReadField, readerOf } from '~/services/field-gate.server';
import { displayValue, parseStoredValues } from '~/models/custom-fields';
import type { ArchiveSection } from './section.server';
import { personRecord } from './shared-reads.server';

export const profileSection: ArchiveSection = {
  key: 'profile',
  readme: 'myDataReadme.profile',
  async collect(context) {
    const { platform, employeeId, viewer } = context;
    const record = await personRecord(context);
    if (!record) return { data: null };
    const { employee } = record;
    const definitions = platform.fieldDefinitions;
    const reader = viewer
      ? await readerOf(platform.db, [...definitions, ...platform.customFields], viewer, employeeId)
      : PERSON_THEMSELF;
    // The fields HR defines, retired ones too (the values are still held about the person), each as the gate
    // lets this reader see it: by its stable key, with its label today.
    const values = parseStoredValues(employee.customFields);
    const customFields = platform.customFields
      .filter((field) => values[field.key] !== undefined && mayReadField(field, reader))
      .map((field) => ({
        key: field.key,
        label: field.label,
        value: values[field.key],
        shownAs: displayValue(field, values[field.key]),
        ...(field.retired ? { retired: true } : {}),
      }));
    const { id, employeeNumber, displayName, status, role, statusReason, createdAt, updatedAt } = employee;
    // The retention clock reads these two (app/models/retention.server.ts), so the person sees what it starts from.
    const { statusChangedAt, statusChange } = record;
    const { photoId, pendingPhotoId, failedPhotoId } = employee;
    return {
      data: {
        id,
        employeeNumber,
        ...gateFields(definitions, reader, employee),
        customFields,
        status,
        role,
        photoId,
        pendingPhotoId,
        failedPhotoId,
        statusReason,
        statusChangedAt: statusChangedAt ? new Date(statusChangedAt).toISOString() : null,
        statusChange,
        displayName,
        preferredLanguage: await getPreferredLanguage(platform.db, employeeId),
        createdAt: new Date(createdAt).toISOString(),
        updatedAt: new Date(updatedAt).toISOString(),
      },
    };
  },
};

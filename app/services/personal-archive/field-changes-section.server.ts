/**
 * The changes the person asked for to fields whose changes wait for HR's approval, and HR's decisions
 * (docs/decisions/323-field-change-approval.md), each value as the field gate lets the archive's reader see it.
 * Who in HR decided is not included: that is about the HR person, and the archive says "HR".
 */
import { listChangesOf } from '~/models/field-change-requests.server';
import { PERSON_THEMSELF, mayReadField, readerOf } from '~/services/field-gate.server';
import type { ArchiveSection } from './section.server';

export const fieldChangesSection: ArchiveSection = {
  key: 'fieldChangeRequests',
  readme: 'myDataReadme.fieldChangeRequests',
  async collect({ platform, employeeId, viewer }) {
    const changes = await listChangesOf(platform.db, employeeId);
    if (changes.length === 0) return { data: [] };
    const reader = viewer ? await readerOf(platform.db, platform.customFields, viewer, employeeId) : PERSON_THEMSELF;
    return {
      data: changes.map((change) => {
        const field = platform.customFields.find((candidate) => candidate.key === change.fieldKey);
        // A field no longer defined cannot be gated: its values are left out, the request itself kept.
        const readable = field ? mayReadField(field, reader) : false;
        return {
          fieldKey: change.fieldKey,
          label: field?.label ?? null,
          ...(readable ? { valueBefore: change.oldValue, valueAskedFor: change.newValue } : {}),
          askedAt: change.requestedAt.toISOString(),
          decidedAt: change.decidedAt?.toISOString() ?? null,
          outcome: change.outcome,
          reason: change.reason,
        };
      }),
    };
  },
};

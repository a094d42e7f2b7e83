/**
 * The periods in which the person's department, office and status stayed the same (migration 016), which HR's
 * insights count (docs/decisions/327-insights-from-history.md). Department and office are profile fields: each
 * is in the archive as the field gate (app/services/field-gate.server.ts) lets the archive's reader see it, as in
 * the profile section.
 */
import { listOrgPeriods } from '~/models/org-history.server';
import { PERSON_THEMSELF, gateFields, readerOf } from '~/services/field-gate.server';
import type { ArchiveSection } from './section.server';

export const orgHistorySection: ArchiveSection = {
  key: 'orgHistory',
  readme: 'myDataReadme.orgHistory',
  async collect({ platform, employeeId, viewer }) {
    const periods = await listOrgPeriods(platform.db, employeeId);
    const definitions = platform.fieldDefinitions;
    const reader = viewer
      ? await readerOf(platform.db, [...definitions, ...platform.customFields], viewer, employeeId)
      : PERSON_THEMSELF;
    return {
      data: periods.map((period) => ({
        ...gateFields(definitions, reader, { department: period.department, officeLocation: period.officeLocation }),
        status: period.status,
        from: period.validFrom.toISOString(),
        until: period.validUntil?.toISOString() ?? null,
      })),
    };
  },
};

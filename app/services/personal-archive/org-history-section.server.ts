/**
 * The periods in which the person's department, office and status stayed the same (migration 016), which HR's
 * insights count (docs/decisions/327-insights-from-history.md).
 */
import { listOrgPeriods } from '~/models/org-history.server';
import type { ArchiveSection } from './section.server';

export const orgHistorySection: ArchiveSection = {
  key: 'orgHistory',
  readme:
    'orgHistory: your department, office and status over time, one entry per period in which none of them changed ' +
    "(from, until; until is empty for the current one). HR sees them only counted with everyone else's, as head " +
    'counts, joiners and leavers per month.',
  async collect({ platform, employeeId }) {
    const periods = await listOrgPeriods(platform.db, employeeId);
    return {
      data: periods.map((period) => ({
        department: period.department,
        office: period.officeLocation,
        status: period.status,
        from: period.validFrom.toISOString(),
        until: period.validUntil?.toISOString() ?? null,
      })),
    };
  },
};

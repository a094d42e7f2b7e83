/** The retention sweep's notices about the person (docs/decisions/321-retention-periods-and-sweep.md). */
import { listRetentionNotices } from '~/models/retention.server';
import type { ArchiveSection } from './section.server';

export const retentionSection: ArchiveSection = {
  key: 'retentionNotices',
  readme:
    'retentionNotices: when HR was told that a retention period about you would end: which period (application, ' +
    'profile or face references), when it started counting, when it ends, when HR was told and when the sweep acted.',
  async collect({ platform, employeeId }) {
    const notices = await listRetentionNotices(platform.db, employeeId);
    return {
      data: notices.map((notice) => ({
        kind: notice.kind,
        countingFrom: notice.basisAt.toISOString(),
        due: notice.dueAt.toISOString(),
        hrToldAt: notice.notifiedAt.toISOString(),
        actedAt: notice.actedAt?.toISOString() ?? null,
      })),
    };
  },
};

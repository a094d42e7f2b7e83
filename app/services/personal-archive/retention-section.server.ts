/** The retention sweep's notices about the person (docs/decisions/321-retention-periods-and-sweep.md). */
import { listRetentionNotices } from '~/models/retention.server';
import type { ArchiveSection } from './section.server';

export const retentionSection: ArchiveSection = {
  key: 'retentionNotices',
  readme: 'myDataReadme.retentionNotices',
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

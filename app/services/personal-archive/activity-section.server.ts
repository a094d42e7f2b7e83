/** The activity log's entries about the person (DynamoDB), oldest first, with who acted. */
import { getDisplayNames } from '~/models/employee.server';
import type { ArchiveSection } from './section.server';
import { personPartition } from './shared-reads.server';

export const activitySection: ArchiveSection = {
  key: 'activity',
  readme: 'myDataReadme.activity',
  async collect(context) {
    const { platform, employeeId } = context;
    // Oldest first, as the partition's sort keys order them.
    const entries = (await personPartition(context)).activity;
    const actorIds = [...new Set(entries.map((entry) => entry.actorId).filter((id) => id !== 'system'))];
    const names = await getDisplayNames(platform.db, actorIds);
    return {
      data: entries.map((entry) => ({
        at: entry.at,
        actor:
          entry.actorId === 'system'
            ? 'system'
            : entry.actorId === employeeId
              ? 'you'
              : (names.get(entry.actorId) ?? 'a former employee'),
        action: entry.action,
        changedFields: entry.changedFields,
        ...(entry.note ? { note: entry.note } : {}),
      })),
    };
  },
};

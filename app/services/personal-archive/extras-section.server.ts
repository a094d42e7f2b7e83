/** The profile extras kept in DynamoDB (pronouns, time zone, links, skills typed before they moved to the profile). */
import type { ArchiveSection } from './section.server';
import { personPartition } from './shared-reads.server';

export const extrasSection: ArchiveSection = {
  key: 'extras',
  readme: 'extras: your pronouns, time zone, links and skills as kept beside the profile (DynamoDB).',
  async collect(context) {
    return { data: (await personPartition(context)).extras };
  },
};

/** The profile extras kept in DynamoDB (pronouns, time zone, links, skills typed before they moved to the profile). */
import type { ArchiveSection } from './section.server';
import { personPartition } from './shared-reads.server';

export const extrasSection: ArchiveSection = {
  key: 'extras',
  readme: 'myDataReadme.extras',
  async collect(context) {
    return { data: (await personPartition(context)).extras };
  },
};

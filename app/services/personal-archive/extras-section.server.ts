/** The profile extras kept in DynamoDB (pronouns, time zone, links, skills typed before they moved to the profile). */
import { metadataTable } from '@shared/metadata-table';
import { getProfileExtras } from '~/models/metadata.server';
import type { ArchiveSection } from './section.server';

export const extrasSection: ArchiveSection = {
  key: 'extras',
  readme: 'extras: your pronouns, time zone, links and skills as kept beside the profile (DynamoDB).',
  async collect({ platform, employeeId }) {
    return { data: await getProfileExtras(metadataTable(platform), employeeId) };
  },
};

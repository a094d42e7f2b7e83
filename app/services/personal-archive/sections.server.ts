/**
 * What the personal archive holds, section by section, in the order data.json and README.txt list them
 * (docs/decisions/320-personal-archive-and-view-log.md). Data about a person in a new store is one more section here.
 */
import { activitySection } from './activity-section.server';
import { consentSection } from './consent-section.server';
import { emailsSection } from './emails-section.server';
import { extrasSection } from './extras-section.server';
import { fieldChangesSection } from './field-changes-section.server';
import { orgHistorySection } from './org-history-section.server';
import { photosSection } from './photos-section.server';
import { profileSection } from './profile-section.server';
import { provisioningSection } from './provisioning-section.server';
import { retentionSection } from './retention-section.server';
import { scimTokensSection } from './scim-tokens-section.server';
import type { ArchiveSection } from './section.server';
import { signInSection } from './sign-in-section.server';
import { viewsSection } from './views-section.server';
import { webhooksSection } from './webhooks-section.server';
import { workflowSection } from './workflow-section.server';

export const ARCHIVE_SECTIONS: readonly ArchiveSection[] = [
  profileSection,
  extrasSection,
  activitySection,
  signInSection,
  provisioningSection,
  emailsSection,
  workflowSection,
  consentSection,
  retentionSection,
  fieldChangesSection,
  orgHistorySection,
  viewsSection,
  scimTokensSection,
  webhooksSection,
  photosSection,
];

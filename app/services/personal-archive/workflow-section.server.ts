/** The verification workflow's history for the person: its steps and their short summaries. */
import type { ArchiveSection } from './section.server';

export const workflowSection: ArchiveSection = {
  key: 'verificationWorkflow',
  readme:
    "verificationWorkflow: the checks run when your profile was created (the photo, the record, HR's decision): " +
    'each step, when it ran and how it ended; null if none ran for you.',
  async collect({ platform, employeeId }) {
    return { data: await platform.workflow.history(employeeId) };
  },
};

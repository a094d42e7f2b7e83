/** The verification workflow's history for the person: its steps and their short summaries. */
import type { ArchiveSection } from './section.server';

export const workflowSection: ArchiveSection = {
  key: 'verificationWorkflow',
  readme: 'myDataReadme.verificationWorkflow',
  async collect({ platform, employeeId }) {
    return { data: await platform.workflow.history(employeeId) };
  },
};

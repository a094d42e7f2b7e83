/** The emails the product sent the person: subject and time (their bodies are not kept anywhere). */
import { employeeEventSchema } from '@shared/contracts/employee-events';
import { listDeliveredNoticeEvents } from '~/models/personal-notice-deliveries.server';
import { noticeAddressing } from '~/services/personal-notices.server';
import type { ArchiveSection } from './section.server';

export const emailsSection: ArchiveSection = {
  key: 'emailsSent',
  readme: 'myDataReadme.emailsSent',
  async collect({ platform, employeeId }) {
    const delivered = await listDeliveredNoticeEvents(platform.db, employeeId);
    const emails = delivered.flatMap((notice) => {
      const event = employeeEventSchema.safeParse(JSON.parse(notice.body));
      const addressing = event.success ? noticeAddressing(event.data) : null;
      return addressing?.recipientId === employeeId
        ? [{ subject: addressing.subject, sentAt: notice.deliveredAt }]
        : [];
    });
    return { data: emails };
  },
};

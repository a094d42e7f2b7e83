/**
 * What the HR notification subscriber publishes for an event: the topic's message and its subject, or null
 * when HR need not hear about it. Only events for HR and systems, never a personal notice or a link that
 * signs someone in (an event of another type, such as a delivery row written before personal notices moved
 * to email, renders to null and is dropped). Shared by the subscriber and the notifications page. Reads
 * nothing: the messages carry ids only.
 */
import type { EmployeeEvent } from '@shared/contracts/employee-events';
import type { NotificationMessage } from '@shared/contracts/notification-message';
import type { IntlShape } from 'react-intl';
import { formatCalendarDate } from '~/i18n/format';
import type { Platform } from '~/platform.server';

export async function renderHrNotification(
  platform: Pick<Platform, 'db' | 'env'>,
  event: EmployeeEvent,
): Promise<[NotificationMessage, string] | null> {
  const publicUrl = platform.env.PUBLIC_URL;
  const envelope = { version: 2 as const, messageId: event.eventId, occurredAt: event.occurredAt };
  // Subjects say what happened, never who: the message leaves for inboxes this product cannot erase from.
  switch (event.type) {
    case 'employee.created': {
      // The local demo seed creates dozens of profiles at once: nobody needs to hear about them.
      if (event.source === 'seed') return null;
      const { status } = event.employee;
      return [
        {
          ...envelope,
          type: 'employee.created',
          employee: {
            id: event.employeeId,
            status,
            profileUrl: publicUrl ? `${publicUrl}/employees/${event.employeeId}` : null,
          },
        },
        status === 'pending' ? 'New employee profile waiting for HR' : `New employee profile (${status})`,
      ];
    }
    case 'employee.verification-notice': {
      if (event.notice !== 'hr-reminder') return null;
      const days = event.waitingWorkingDays ?? 0;
      return [
        {
          ...envelope,
          type: 'employee.verification-reminder',
          employee: { id: event.employeeId },
          waitingWorkingDays: days,
          reviewUrl: publicUrl ? `${publicUrl}/admin` : null,
        },
        `A profile has waited ${days} working days for your decision`,
      ];
    }
    case 'employee.retention-due': {
      const day = event.dueAt.slice(0, 10);
      return [
        {
          ...envelope,
          version: 1,
          type: 'employee.retention-due',
          employee: {
            id: event.employeeId,
            profileUrl: publicUrl ? `${publicUrl}/admin/employees/${event.employeeId}` : null,
          },
          kind: event.kind,
          action: event.action,
          dueAt: event.dueAt,
        },
        event.action === 'erase'
          ? `A profile will be erased on ${day} (retention period over)`
          : `An inactive profile's face references will be deleted on ${day}`,
      ];
    }
    default:
      return null;
  }
}

/**
 * A message's subject as HR reads it on the notifications page, in the reader's language (the topic's own subject,
 * above, stays English: its inboxes are shared and the product cannot know their language). Null for a message
 * whose subject is made elsewhere: the subject it was recorded with is shown.
 */
export function hrNotificationSubject(message: NotificationMessage, intl: IntlShape): string | null {
  switch (message.type) {
    case 'employee.created':
      return message.employee.status === 'pending'
        ? intl.formatMessage({ id: 'adminNotifications.subject.createdPending' })
        : intl.formatMessage({ id: 'adminNotifications.subject.created' }, { status: message.employee.status });
    case 'employee.verification-reminder':
      return intl.formatMessage({ id: 'adminNotifications.subject.reminder' }, { days: message.waitingWorkingDays });
    case 'employee.retention-due': {
      const day = formatCalendarDate(message.dueAt.slice(0, 10), intl.locale);
      return message.action === 'erase'
        ? intl.formatMessage({ id: 'adminNotifications.subject.erase' }, { day })
        : intl.formatMessage({ id: 'adminNotifications.subject.faces' }, { day });
    }
    default:
      return null;
  }
}

/**
 * What the notification subscriber sends for an event: the topic's message and its subject, or null when
 * nobody needs to hear about it. Shared by the subscriber (which publishes it) and the notifications page
 * (which shows what is still queued, without its link). Reads only.
 */
import type { EmployeeEvent } from '@shared/contracts/employee-events';
import type { NotificationMessage } from '@shared/contracts/notification-message';
import { getEmployee } from '~/models/employee.server';
import type { Platform } from '~/platform.server';

export const PASSWORD_RESET_TEXT =
  'Someone (hopefully you) asked to reset your XYZ People password. The link works once, for one hour. If it was not you, ignore this message.';

export async function renderHrNotification(
  platform: Pick<Platform, 'db' | 'env'>,
  event: EmployeeEvent,
): Promise<[NotificationMessage, string] | null> {
  const publicUrl = platform.env.PUBLIC_URL;
  const workEmailOf = async (employeeId: string) =>
    (await getEmployee(platform.db, employeeId, 'private'))?.workEmail ?? null;
  const envelope = { version: 1 as const, messageId: event.eventId, occurredAt: event.occurredAt };
  switch (event.type) {
    case 'employee.created': {
      // The local demo seed creates dozens of profiles at once: nobody needs to hear about them.
      if (event.source === 'seed') return null;
      const { employee } = event;
      return [
        {
          ...envelope,
          type: 'employee.created',
          employee: {
            id: event.employeeId,
            employeeNumber: employee.employeeNumber,
            displayName: employee.displayName,
            workEmail: employee.workEmail,
            jobTitle: employee.jobTitle,
            department: employee.department,
            status: employee.status,
            profileUrl: publicUrl ? `${publicUrl}/employees/${event.employeeId}` : null,
          },
        },
        `New employee profile: ${employee.displayName} (${employee.department})`,
      ];
    }
    case 'employee.status-changed': {
      if (event.change !== 'activated' && event.change !== 'rejected') return null;
      const workEmail = await workEmailOf(event.employeeId);
      if (!workEmail) return null;
      const notice =
        event.change === 'activated'
          ? {
              subject: 'Your employee profile is active',
              text: 'HR has activated your profile. It now appears in the company directory.',
            }
          : {
              subject: 'Your employee profile needs changes',
              text: `HR could not activate your profile: ${event.reason ?? ''}`,
            };
      return [
        {
          ...envelope,
          type: event.change === 'activated' ? 'employee.activated' : 'employee.rejected',
          recipient: { employeeId: event.employeeId, workEmail },
          text: notice.text,
          link: publicUrl ? `${publicUrl}/me` : null,
        },
        notice.subject,
      ];
    }
    case 'employee.password-reset-requested': {
      const workEmail = await workEmailOf(event.employeeId);
      if (!workEmail) return null;
      return [
        {
          ...envelope,
          type: 'employee.password-reset',
          recipient: { employeeId: event.employeeId, workEmail },
          text: PASSWORD_RESET_TEXT,
          link: event.link,
        },
        'Reset your XYZ People password',
      ];
    }
    default:
      return null;
  }
}

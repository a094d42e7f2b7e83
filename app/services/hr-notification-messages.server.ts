/**
 * What the HR notification subscriber publishes for an event: the topic's message and its subject, or null
 * when HR need not hear about it. Only events for HR and systems, never a personal notice or a link that
 * signs someone in (an event of another type, such as a delivery row written before personal notices moved
 * to email, renders to null and is dropped). Shared by the subscriber and the notifications page. Reads only.
 */
import type { EmployeeEvent } from '@shared/contracts/employee-events';
import type { NotificationMessage } from '@shared/contracts/notification-message';
import type { Platform } from '~/platform.server';
import { getEmployee } from '~/models/employee.server';

export async function renderHrNotification(
  platform: Pick<Platform, 'db' | 'env'>,
  event: EmployeeEvent,
): Promise<[NotificationMessage, string] | null> {
  const publicUrl = platform.env.PUBLIC_URL;
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
    case 'employee.verification-notice': {
      if (event.notice !== 'hr-reminder') return null;
      // The event carries ids only: the reminder names the profile as it is now.
      const employee = await getEmployee(platform.db, event.employeeId, 'public');
      if (!employee) return null;
      const days = event.waitingWorkingDays ?? 0;
      return [
        {
          ...envelope,
          type: 'employee.verification-reminder',
          employee: {
            id: event.employeeId,
            employeeNumber: employee.employeeNumber,
            displayName: employee.displayName,
            department: employee.department,
          },
          waitingWorkingDays: days,
          reviewUrl: publicUrl ? `${publicUrl}/admin` : null,
        },
        `Waiting for your decision: ${employee.displayName} (${days} working days)`,
      ];
    }
    default:
      return null;
  }
}

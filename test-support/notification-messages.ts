/** Reading HR's topic messages in tests: most name one profile by id; `employee.reports-unassigned` names several. */
import type { NotificationMessage } from '@shared/contracts/notification-message';

/** The one profile a message is about, or undefined for a message about several (or none). */
export function employeeIdOf(message: NotificationMessage | null | undefined): string | undefined {
  return message && 'employee' in message ? message.employee.id : undefined;
}

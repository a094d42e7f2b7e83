/**
 * What an employee who cannot use the product yet (pending) or any more (inactive) is told, and whom to ask.
 * Only ever shown to the employee themselves: after a correct password, or on their own profile.
 */
import type { Database } from '~/db/database.server';
import { listHrContacts } from '~/models/hr-contacts.server';
import { getLastStatusChange } from '~/models/event-outbox.server';
import { getEmployee } from '~/models/employee.server';

export interface HrContact {
  displayName: string;
  workEmail: string;
}

export interface InactiveAccountNotice {
  /** `not-approved`: HR rejected the profile at sign-up; `deactivated`: HR switched an account off later. */
  kind: 'deactivated' | 'not-approved';
  /** HR's reason, only for a rejection (that reason is written for the employee; a deactivation note is not). */
  reason: string | null;
  hrContacts: HrContact[];
}

export async function describeInactiveAccount(db: Database, employeeId: string): Promise<InactiveAccountNotice> {
  const [change, hrContacts] = await Promise.all([getLastStatusChange(db, employeeId), listHrContacts(db)]);
  if (change?.change === 'rejected') {
    // The reason is on the employee row: events carry no text written about a person (decision 021).
    const employee = await getEmployee(db, employeeId, 'private');
    return { kind: 'not-approved', reason: employee?.statusReason ?? null, hrContacts };
  }
  return { kind: 'deactivated', reason: null, hrContacts };
}

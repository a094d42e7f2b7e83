/**
 * The verification workflow's notices (a photo missing, another photo needed, HR reminded, the manager told)
 * go out as `employee.verification-notice` events; the personal-notices and hr-notifications subscribers
 * send them. One builder, so every step's notice has the same envelope and the fields it does not use null.
 */
import type { EmployeeEventOf } from '@shared/contracts/employee-events';
import type { Platform } from '~/platform.server';
import { recordEvent } from '~/services/domain-events.server';
import { WORKFLOW_ACTOR } from '../step-answers.server';

type VerificationNotice = EmployeeEventOf<'employee.verification-notice'>;

export async function recordVerificationNotice(
  platform: Pick<Platform, 'db'>,
  employeeId: string,
  notice: Pick<VerificationNotice, 'notice'> &
    Partial<Pick<VerificationNotice, 'reason' | 'managerId' | 'waitingWorkingDays'>>,
): Promise<void> {
  await recordEvent(platform.db, {
    type: 'employee.verification-notice',
    version: 1,
    employeeId,
    actorId: WORKFLOW_ACTOR,
    reason: null,
    managerId: null,
    waitingWorkingDays: null,
    ...notice,
  });
}

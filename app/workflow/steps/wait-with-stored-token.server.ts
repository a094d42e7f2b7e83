/**
 * How a step waits for an answer from outside the workflow (the photo's event, HR's click): its task token is
 * stored where that answer looks for it, and then the step looks once more. What it waits for may have happened
 * between its first look and the stored token, and that answer, finding no token, went nowhere: the second look
 * answers instead. Completing the stored task first makes sure only one of the two answers the step.
 */
import type { WorkflowTaskMessage } from '@shared/contracts/verification-workflow';
import { type PrivateEmployee } from '~/models/employee-projection.server';
import { getEmployee } from '~/models/employee.server';
import { completeWaitingTask, storeWaitingTask } from '~/models/workflow-tasks.server';
import type { Platform } from '~/platform.server';
import { logStep } from '../step-answers.server';

export async function waitWithStoredToken(
  platform: Platform,
  message: WorkflowTaskMessage,
  options: {
    /** The activity log's line while the step waits. */
    waitingNote: string;
    /** The second look, at the employee as they are now: the answer to give, or null to go on waiting. */
    lookAgain(now: PrivateEmployee | null): Promise<(() => Promise<void>) | null>;
  },
): Promise<void> {
  const employeeId = message.input.employeeId;
  const waiting = await storeWaitingTask(platform.db, {
    employeeId,
    step: message.step,
    taskToken: message.taskToken,
    executionId: message.executionId,
    findings: JSON.stringify(message.input),
  });
  await logStep(platform, employeeId, message.step, options.waitingNote);
  const answer = await options.lookAgain(await getEmployee(platform.db, employeeId, 'private'));
  if (answer && (await completeWaitingTask(platform.db, waiting.id))) await answer();
}

/** Why a step ends without waiting: the profile is no longer pending (decided by hand, or deleted). */
export const notPending = (employee: PrivateEmployee | null) =>
  !employee ? 'The profile no longer exists' : `The profile was made ${employee.status} by hand`;

/**
 * HR's part: plan the review (working days turned into seconds), wait for HR's decision with its token stored
 * (HR's pending page completes it: app/workflow/hr-decision.server.ts), remind HR after the first wait, and
 * tell the manager after the second.
 */
import { HrDecisionSchema, type WorkflowTaskMessage } from '@shared/contracts/verification-workflow';
import { getEmployee } from '~/models/employee.server';
import { getRecordedDecision } from '~/models/workflow-tasks.server';
import type { Platform } from '~/platform.server';
import { answerStep, endAsDecidedOutside, logStep } from '../step-answers.server';
import { recordVerificationNotice } from './verification-notice.server';
import { notPending, waitWithStoredToken } from './wait-with-stored-token.server';
import { planHrReview as plan } from '../working-days';

export async function planHrReview(platform: Platform, message: WorkflowTaskMessage): Promise<void> {
  const { env } = platform;
  const result = plan(new Date(), {
    reminderWorkingDays: env.WORKFLOW_HR_REMINDER_WORKING_DAYS,
    managerToldWorkingDays: env.WORKFLOW_MANAGER_TOLD_WORKING_DAYS,
    finalWaitWorkingDays: env.WORKFLOW_FINAL_WAIT_WORKING_DAYS,
    workingDaySeconds: env.WORKFLOW_WORKING_DAY_SECONDS,
  });
  await answerStep(
    platform,
    { employeeId: message.input.employeeId, step: message.step, taskToken: message.taskToken },
    result,
  );
}

export async function awaitHrDecision(platform: Platform, message: WorkflowTaskMessage): Promise<void> {
  const employeeId = message.input.employeeId;
  const task = { employeeId, step: message.step, taskToken: message.taskToken };
  const employee = await getEmployee(platform.db, employeeId, 'private');
  if (employee?.status !== 'pending') return endAsDecidedOutside(platform, task, notPending(employee));
  // HR decided, but the answer never reached the execution (a restart in between): answer with it now.
  const recorded = await getRecordedDecision(platform.db, message.executionId);
  if (recorded) return answerStep(platform, task, HrDecisionSchema.parse(JSON.parse(recorded)));

  await waitWithStoredToken(platform, message, {
    waitingNote: 'Waiting for HR to approve or reject',
    // An activation by hand between the first look and the stored token found no token to end.
    lookAgain: async (now) =>
      now?.status === 'pending' ? null : () => endAsDecidedOutside(platform, task, notPending(now)),
  });
}

export async function remindHr(platform: Platform, message: WorkflowTaskMessage): Promise<void> {
  const employeeId = message.input.employeeId;
  await recordVerificationNotice(platform, employeeId, {
    notice: 'hr-reminder',
    waitingWorkingDays: platform.env.WORKFLOW_HR_REMINDER_WORKING_DAYS,
  });
  await answerStep(platform, { employeeId, step: message.step, taskToken: message.taskToken }, {});
}

export async function tellManager(platform: Platform, message: WorkflowTaskMessage): Promise<void> {
  const employeeId = message.input.employeeId;
  const employee = await getEmployee(platform.db, employeeId, 'public');
  if (employee?.managerId) {
    await recordVerificationNotice(platform, employeeId, {
      notice: 'manager-told',
      managerId: employee.managerId,
      waitingWorkingDays: platform.env.WORKFLOW_MANAGER_TOLD_WORKING_DAYS,
    });
  } else {
    await logStep(platform, employeeId, message.step, 'No manager named: nobody to tell');
  }
  await answerStep(platform, { employeeId, step: message.step, taskToken: message.taskToken }, {});
}

/**
 * The end of the workflow: HR's decision applied through the same service functions, events and notices as a
 * decision by hand (the employee is emailed the activation, or the reason). A profile already decided answers
 * `unchanged`, so a step sent twice changes nothing.
 */
import {
  HrDecisionSchema,
  RecordedHrDecisionSchema,
  type WorkflowTaskMessage,
} from '@shared/contracts/verification-workflow';
import { getEmployee } from '~/models/employee.server';
import { getRecordedDecision } from '~/models/workflow-tasks.server';
import type { Platform } from '~/platform.server';
import { activateEmployee, rejectEmployee } from '~/services/employees.server';
import { deleteEmployeeSessions } from '~/models/session-store.server';
import { answerStep } from '../step-answers.server';

function decisionOf(message: WorkflowTaskMessage) {
  return HrDecisionSchema.parse((message.input as { decision?: unknown }).decision);
}

export async function activate(platform: Platform, message: WorkflowTaskMessage): Promise<void> {
  const employeeId = message.input.employeeId;
  const decision = decisionOf(message);
  const employee = await getEmployee(platform.db, employeeId, 'private');
  const pending = employee?.status === 'pending';
  if (pending) await activateEmployee(platform, decision.decidedBy, employeeId);
  await answerStep(
    platform,
    { employeeId, step: message.step, taskToken: message.taskToken },
    { status: pending ? 'active' : 'unchanged' },
  );
}

export async function reject(platform: Platform, message: WorkflowTaskMessage): Promise<void> {
  const employeeId = message.input.employeeId;
  const decision = decisionOf(message);
  const employee = await getEmployee(platform.db, employeeId, 'private');
  const pending = employee?.status === 'pending';
  if (pending) {
    const reason = await recordedReason(platform, message.executionId);
    await rejectEmployee(platform, decision.decidedBy, employeeId, reason ?? 'HR did not approve the profile.');
  }
  await answerStep(
    platform,
    { employeeId, step: message.step, taskToken: message.taskToken },
    { status: pending ? 'inactive' : 'unchanged' },
  );
}

/** The reason HR wrote with the decision: kept on the waiting row, never sent through the engine. */
async function recordedReason(platform: Platform, executionId: string): Promise<string | null> {
  const recorded = await getRecordedDecision(platform.db, executionId);
  if (!recorded) return null;
  const parsed = RecordedHrDecisionSchema.safeParse(JSON.parse(recorded));
  return parsed.success ? (parsed.data.reason ?? null) : null;
}

/**
 * How the app answers a workflow step, wherever the answer comes from (the step's handler, a photo event, HR,
 * a decision by hand): the result is parsed by the step's schema before the engine sees it, and every
 * outcome goes into the employee's activity log, which HR reads on the admin employee page.
 */
import { STEP_RESULT_SCHEMAS, WORKFLOW_ERRORS, type WorkflowStep } from '@shared/contracts/verification-workflow';
import { appendActivity } from '~/models/metadata.server';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import { summariseStepResult } from './step-summaries';

/** The activity log's actor for the workflow's own entries. */
export const WORKFLOW_ACTOR = 'verification-workflow';

export interface StepTask {
  employeeId: string;
  step: WorkflowStep;
  taskToken: string;
}

export async function answerStep(platform: Platform, task: StepTask, result: unknown): Promise<void> {
  const parsed = STEP_RESULT_SCHEMAS[task.step].parse(result);
  await platform.workflow.succeed(task.taskToken, parsed);
  await logStep(platform, task.employeeId, task.step, summariseStepResult(task.step, parsed));
}

/** Ends the execution as decided outside the workflow (an admin activated or rejected the profile by hand). */
export async function endAsDecidedOutside(platform: Platform, task: StepTask, cause: string): Promise<void> {
  await platform.workflow.fail(task.taskToken, WORKFLOW_ERRORS.decidedOutside, cause);
  await logStep(platform, task.employeeId, task.step, `Ended: ${cause}`);
}

/** One activity entry per step outcome; a failure to log is reported, not allowed to undo the step. */
export async function logStep(platform: Platform, employeeId: string, step: WorkflowStep, note: string): Promise<void> {
  try {
    await appendActivity(metadataTable(platform), {
      employeeId,
      actorId: WORKFLOW_ACTOR,
      action: `workflow.${step}`,
      note: note.slice(0, 500),
    });
  } catch (error) {
    platform.log.warn('workflow step not written to the activity log', { employeeId, step, error });
  }
}

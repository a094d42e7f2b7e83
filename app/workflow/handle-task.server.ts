/**
 * Every task message of the verification workflow lands here, from the local carrier or (on AWS) the task
 * queue's consumer: one handler per step, each doing its work with the app's own services and answering the
 * engine (decision 010). A handler that throws leaves the step unanswered: the engine fails it as
 * Workflow.TaskFailed locally (the queue redelivers it on AWS) and the definition retries it.
 */
import {
  WorkflowTaskMessageSchema,
  type WorkflowStep,
  type WorkflowTaskMessage,
} from '@shared/contracts/verification-workflow';
import type { Platform } from '~/platform.server';
import { askForAnotherPhoto, remindAboutPhoto, waitForPhoto } from './steps/photo-steps.server';
import { checkRecord } from './steps/record-checks.server';
import { awaitHrDecision, planHrReview, remindHr, tellManager } from './steps/hr-review-steps.server';
import { activate, reject } from './steps/decision-steps.server';

type StepHandler = (platform: Platform, message: WorkflowTaskMessage) => Promise<void>;

const STEP_HANDLERS: Record<WorkflowStep, StepHandler> = {
  WaitForPhoto: waitForPhoto,
  RemindAboutPhoto: remindAboutPhoto,
  AskForAnotherPhoto: askForAnotherPhoto,
  CheckRecord: checkRecord,
  PlanHrReview: planHrReview,
  AwaitHrDecision: awaitHrDecision,
  AwaitHrDecisionAfterReminder: awaitHrDecision,
  AwaitHrDecisionAfterManagerTold: awaitHrDecision,
  RemindHr: remindHr,
  TellManager: tellManager,
  Activate: activate,
  Reject: reject,
};

/** Parses the message (it crossed a process or a queue) and runs its step. */
export async function handleWorkflowTask(platform: Platform, message: unknown): Promise<void> {
  const parsed = WorkflowTaskMessageSchema.parse(message);
  await STEP_HANDLERS[parsed.step](platform, parsed);
}

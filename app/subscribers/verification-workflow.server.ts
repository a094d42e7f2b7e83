/**
 * The verification workflow's subscriber (decision 010). It starts an execution when a pending profile is created
 * (self-registration, HR, the CSV import; an admin-created profile that is already active, and the demo
 * seed, need no verification), completes the photo wait when the photo settles, ends the execution as
 * decided outside the workflow when an admin activates or rejects by hand, and stops it when the employee
 * is deactivated or deleted. Idempotent: a redelivered event finds the execution started or the step
 * already answered.
 */
import type { EmployeeEvent } from '@shared/contracts/employee-events';
import { WAITING_STEPS, type VerificationInput, type WorkflowStep } from '@shared/contracts/verification-workflow';
import { completeWaitingTask, getWaitingTask, reopenTask, supersedeWaitingTasks } from '~/models/workflow-tasks.server';
import type { Platform } from '~/platform.server';
import type { Subscriber } from '~/services/event-dispatcher.server';
import { answerStep, endAsDecidedOutside } from '~/workflow/step-answers.server';
import { photoOutcomeOfEvent } from '~/workflow/steps/photo-steps.server';
import { isTaskNotWaiting } from '~/workflow/engine-errors.server';

export function verificationWorkflow(platform: Platform): Subscriber {
  return {
    name: 'verification-workflow',
    async handle(event) {
      try {
        await react(platform, event);
      } catch (error) {
        // The step timed out or the execution ended as the event came: nothing waits for this answer.
        if (isTaskNotWaiting(error)) {
          platform.log.info('workflow step no longer waiting', { type: event.type, employeeId: event.employeeId });
          return;
        }
        throw error;
      }
    },
  };
}

export function verificationInputFor(
  platform: Pick<Platform, 'env'>,
  employeeId: string,
  source: string,
): VerificationInput {
  const { env } = platform;
  return {
    employeeId,
    source,
    limits: {
      photoWaitSeconds: env.WORKFLOW_PHOTO_WAIT_SECONDS,
      maxPhotoReminders: env.WORKFLOW_MAX_PHOTO_REMINDERS,
      maxPhotoAttempts: env.WORKFLOW_MAX_PHOTO_ATTEMPTS,
    },
    attempts: { photoReminders: 0, photoRejections: 0 },
  };
}

async function react(platform: Platform, event: EmployeeEvent): Promise<void> {
  const { db } = platform;
  switch (event.type) {
    case 'employee.created': {
      // A person the identity provider created cannot sign in while pending, so cannot answer the workflow's
      // photo steps: HR activates them by hand (docs/decisions/328-scim-provisioned-people.md).
      if (event.source === 'seed' || event.source === 'scim' || event.employee.status !== 'pending') return;
      const started = await platform.workflow.start(verificationInputFor(platform, event.employeeId, event.source));
      platform.log.info('verification workflow', { employeeId: event.employeeId, started });
      return;
    }
    case 'employee.photo-ready':
    case 'employee.photo-failed':
    case 'employee.photo-held': {
      const outcome = photoOutcomeOfEvent(event);
      const task = await getWaitingTask(db, event.employeeId, ['WaitForPhoto']);
      if (!outcome || !task || !(await completeWaitingTask(db, task.id))) return;
      await reopenOnFailure(platform, task.id, () => answerStep(platform, stepTask(task), outcome));
      return;
    }
    case 'employee.status-changed': {
      if (event.change === 'deactivated') return stop(platform, event.employeeId, 'The employee was deactivated');
      if (event.change !== 'activated' && event.change !== 'rejected') return;
      // The workflow's own Activate/Reject holds no waiting token: only a decision by hand finds one.
      const task = await getWaitingTask(db, event.employeeId, WAITING_STEPS);
      if (!task || !(await completeWaitingTask(db, task.id))) return;
      await reopenOnFailure(platform, task.id, () =>
        endAsDecidedOutside(platform, stepTask(task), `The profile was ${event.change} by hand`),
      );
      return;
    }
    case 'employee.deleted':
      return stop(platform, event.employeeId, 'The employee was deleted');
    default:
      return;
  }
}

/** The engine could not be told: the step waits again, so the event's retry finds it. */
async function reopenOnFailure(platform: Platform, taskId: string, answer: () => Promise<void>): Promise<void> {
  try {
    await answer();
  } catch (error) {
    if (!isTaskNotWaiting(error)) await reopenTask(platform.db, taskId);
    throw error;
  }
}

async function stop(platform: Platform, employeeId: string, cause: string): Promise<void> {
  await platform.workflow.stop(employeeId, cause);
  await supersedeWaitingTasks(platform.db, employeeId);
}

function stepTask(task: { employeeId: string; step: string; taskToken: string }) {
  return { employeeId: task.employeeId, step: task.step as WorkflowStep, taskToken: task.taskToken };
}

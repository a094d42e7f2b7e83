/**
 * The employee verification workflow as Amazon States Language, built once here and used twice: emitted into
 * the stack as the Step Functions state machine (cloudformation/, inside Fn::Sub with the queue URL as a
 * placeholder), and executed in-process by aws-local-stepfunctions in the local runtime (app/workflow/).
 *
 * Every Task state is a callback to the app (`sqs:sendMessage.waitForTaskToken`): the message names the
 * step and carries the token, the app does the step's work with its own services (which already reach the
 * database with IAM auth and TLS) and answers with SendTaskSuccess/-Failure. Waiting steps (a photo, HR's
 * decision) keep their token in the database until something happens (decision 010).
 *
 * Timeouts come from the state's input (TimeoutSecondsPath), so the app decides them: the photo wait from
 * its environment, HR's reminders from working days counted when the profile reaches HR.
 */
import { WORKFLOW_ERRORS, type WorkflowStep } from '../contracts/verification-workflow';

export interface VerificationDefinitionOptions {
  /** The task queue's URL: a literal, or `${TaskQueueUrl}` when the definition goes into an Fn::Sub. */
  taskQueueUrl: string;
}

/** The callback carrier, the same on AWS and locally (locally a handler per state name stands in for it). */
export const TASK_RESOURCE = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

/** An immediate step that has not answered in this long is sent again (its message was lost, the app was down). */
const IMMEDIATE_STEP_TIMEOUT_SECONDS = 3600;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type AslState = { [key: string]: Json };
export interface AslDefinition {
  Comment: string;
  StartAt: string;
  States: Record<string, AslState>;
  [key: string]: Json;
}

function taskParameters(step: WorkflowStep, taskQueueUrl: string): Json {
  return {
    QueueUrl: taskQueueUrl,
    MessageBody: {
      'taskToken.$': '$$.Task.Token',
      step,
      'executionId.$': '$$.Execution.Id',
      'input.$': '$',
    },
  };
}

const decidedOutside: Json = {
  ErrorEquals: [WORKFLOW_ERRORS.decidedOutside],
  ResultPath: '$.decidedOutside',
  Next: 'DecidedOutsideWorkflow',
};

/** A step the app answers at once; a failure of its work is retried with backoff, then the execution fails. */
function immediateTask(step: WorkflowStep, taskQueueUrl: string, resultPath: string | null, next: string): AslState {
  return {
    Type: 'Task',
    Comment: `The app does ${step} and answers at once.`,
    Resource: TASK_RESOURCE,
    Parameters: taskParameters(step, taskQueueUrl),
    TimeoutSeconds: IMMEDIATE_STEP_TIMEOUT_SECONDS,
    ResultPath: resultPath,
    Retry: [
      {
        ErrorEquals: [WORKFLOW_ERRORS.taskFailed, 'States.Timeout', 'SQS.SdkClientException', 'SQS.AmazonSQSException'],
        IntervalSeconds: 10,
        BackoffRate: 3,
        MaxAttempts: 5,
      },
    ],
    Catch: [decidedOutside],
    Next: next,
  };
}

/** A step whose token the app keeps until something happens, with a limit read from the state's input. */
function waitingTask(
  step: WorkflowStep,
  taskQueueUrl: string,
  timeoutPath: string,
  resultPath: string,
  next: string,
  onTimeout: string,
): AslState {
  return {
    Type: 'Task',
    Comment: `The app keeps the token of ${step} until it can answer.`,
    Resource: TASK_RESOURCE,
    Parameters: taskParameters(step, taskQueueUrl),
    TimeoutSecondsPath: timeoutPath,
    ResultPath: resultPath,
    Catch: [decidedOutside, { ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: onTimeout }],
    Next: next,
  };
}

export function buildVerificationDefinition({ taskQueueUrl }: VerificationDefinitionOptions): AslDefinition {
  return {
    Comment:
      'XYZ People: verify a new employee (photo and face check, record checks, HR approval), then activate or reject.',
    StartAt: 'WaitForPhoto',
    States: {
      // 1. The photo: the app answers when the photo is ready, held or failed (or at once if it already is).
      WaitForPhoto: waitingTask(
        'WaitForPhoto',
        taskQueueUrl,
        '$.limits.photoWaitSeconds',
        '$.photo',
        'JudgePhoto',
        'RemindAboutPhoto',
      ),
      RemindAboutPhoto: immediateTask('RemindAboutPhoto', taskQueueUrl, '$.attempts', 'PhotoRemindersLeft'),
      PhotoRemindersLeft: {
        Type: 'Choice',
        Choices: [
          {
            Variable: '$.attempts.photoReminders',
            NumericLessThanEqualsPath: '$.limits.maxPhotoReminders',
            Next: 'WaitForPhoto',
          },
        ],
        Default: 'NoPhoto',
      },
      NoPhoto: {
        Type: 'Pass',
        Comment: 'No photo after the reminders: HR gets the profile without one and decides.',
        Result: { verdict: 'missing' },
        ResultPath: '$.photo',
        Next: 'CheckRecord',
      },
      // 2. The face check's verdict (the photo function checked it; the app maps its outcome to a verdict).
      JudgePhoto: {
        Type: 'Choice',
        Choices: [{ Variable: '$.photo.verdict', StringEquals: 'rejected', Next: 'PhotoAttemptsLeft' }],
        Default: 'CheckRecord',
      },
      PhotoAttemptsLeft: {
        Type: 'Choice',
        Choices: [
          {
            Variable: '$.attempts.photoRejections',
            NumericLessThanPath: '$.limits.maxPhotoAttempts',
            Next: 'AskForAnotherPhoto',
          },
        ],
        Default: 'CheckRecord',
      },
      AskForAnotherPhoto: immediateTask('AskForAnotherPhoto', taskQueueUrl, '$.attempts', 'WaitForPhoto'),
      // 3. The record: email domain, unique number and email, an active manager. Failures go to HR with reasons.
      CheckRecord: immediateTask('CheckRecord', taskQueueUrl, '$.record', 'PlanHrReview'),
      // 4. HR's approval, with a reminder after 2 working days and the manager told after 7.
      PlanHrReview: immediateTask('PlanHrReview', taskQueueUrl, '$.hrPlan', 'AwaitHrDecision'),
      AwaitHrDecision: waitingTask(
        'AwaitHrDecision',
        taskQueueUrl,
        '$.hrPlan.remindHrAfterSeconds',
        '$.decision',
        'ApplyDecision',
        'RemindHr',
      ),
      RemindHr: immediateTask('RemindHr', taskQueueUrl, null, 'AwaitHrDecisionAfterReminder'),
      AwaitHrDecisionAfterReminder: waitingTask(
        'AwaitHrDecisionAfterReminder',
        taskQueueUrl,
        '$.hrPlan.tellManagerAfterSeconds',
        '$.decision',
        'ApplyDecision',
        'TellManager',
      ),
      TellManager: immediateTask('TellManager', taskQueueUrl, null, 'AwaitHrDecisionAfterManagerTold'),
      AwaitHrDecisionAfterManagerTold: waitingTask(
        'AwaitHrDecisionAfterManagerTold',
        taskQueueUrl,
        '$.hrPlan.finalWaitSeconds',
        '$.decision',
        'ApplyDecision',
        'NoHrDecision',
      ),
      NoHrDecision: {
        Type: 'Fail',
        Error: 'Workflow.NoHrDecision',
        Cause: 'HR made no decision within the final wait; the profile stays pending for a decision by hand.',
      },
      // 5. Activation or rejection, through the same service functions and events as a decision by hand.
      ApplyDecision: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.decision.decision', StringEquals: 'approved', Next: 'Activate' },
          { Variable: '$.decision.decision', StringEquals: 'rejected', Next: 'Reject' },
        ],
        Default: 'NoHrDecision',
      },
      Activate: immediateTask('Activate', taskQueueUrl, '$.outcome', 'Activated'),
      Reject: immediateTask('Reject', taskQueueUrl, '$.outcome', 'Rejected'),
      Activated: { Type: 'Succeed' },
      Rejected: { Type: 'Succeed' },
      DecidedOutsideWorkflow: {
        Type: 'Succeed',
        Comment: 'An admin activated or rejected the profile by hand while the workflow waited.',
      },
    },
  };
}

/** The state names whose Task the app answers: every one, mapped to the local carrier in the local engine. */
export function taskStateNames(definition: AslDefinition): WorkflowStep[] {
  return Object.entries(definition.States)
    .filter(([, state]) => state.Type === 'Task')
    .map(([name]) => name as WorkflowStep);
}

/**
 * The definition as the local engine must see it. AWS evaluates a Task's TimeoutSecondsPath against the
 * state's input; aws-local-stepfunctions 3.0.0 evaluates it against the effective input (after Parameters),
 * where the state's input sits under `MessageBody.input`. This moves each such path there, and changes
 * nothing else (the test compares the two definitions state by state).
 */
export function forLocalEngine(definition: AslDefinition): AslDefinition {
  const states = Object.fromEntries(
    Object.entries(definition.States).map(([name, state]) => {
      const path = state.TimeoutSecondsPath;
      if (typeof path !== 'string') return [name, state];
      return [name, { ...state, TimeoutSecondsPath: path.replace(/^\$\./, '$.MessageBody.input.') }];
    }),
  );
  return { ...definition, States: states };
}

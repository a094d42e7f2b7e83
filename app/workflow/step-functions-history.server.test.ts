/**
 * The history HR sees, from event sequences in the shape GetExecutionHistory returns on AWS (the API
 * reference's event types and details; moto's sequences are covered end to end by the engine's tests). These
 * are the sequences moto does not produce the same way: a retried step, a Catch without a state-exited event,
 * an execution stopped while a step waits.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { historyStepsFromEvents, summariseStepResult } from './step-functions-history.server';

let clock = Date.parse('2026-12-01T09:00:00Z');
function event(type: string, details: Partial<HistoryEvent> = {}): HistoryEvent {
  clock += 1000;
  return { type, timestamp: new Date(clock), id: 0, ...details } as HistoryEvent;
}
const entered = (name: string, type = 'TaskStateEntered') =>
  event(type, { stateEnteredEventDetails: { name, input: '{"employeeId":"secret-input"}' } });
const exited = (name: string, type = 'TaskStateExited') =>
  event(type, { stateExitedEventDetails: { name, output: '{}' } });

describe('execution history for HR', () => {
  it('shows a step that failed once and succeeded on its retry as succeeded, with its summary', () => {
    const steps = historyStepsFromEvents([
      event('ExecutionStarted'),
      entered('CheckRecord'),
      event('TaskScheduled'),
      event('TaskStarted'),
      event('TaskSubmitted'),
      event('TaskFailed', {
        taskFailedEventDetails: {
          resource: 'x',
          resourceType: 'sqs',
          error: 'Workflow.TaskFailed',
          cause: 'database down',
        },
      }),
      event('TaskScheduled'),
      event('TaskStarted'),
      event('TaskSubmitted'),
      event('TaskSucceeded', {
        taskSucceededEventDetails: {
          resource: 'sendMessage.waitForTaskToken',
          resourceType: 'sqs',
          output: JSON.stringify({
            passed: false,
            findings: [
              { check: 'manager-active', passed: false, detail: 'The manager E1042 (Jane Roe) is not active' },
              { check: 'work-email-domain', passed: true },
            ],
          }),
        },
      }),
      exited('CheckRecord'),
    ]);
    expect(steps).toEqual([
      {
        name: 'CheckRecord',
        enteredAt: '2026-12-01T09:00:02.000Z',
        exitedAt: '2026-12-01T09:00:11.000Z',
        outcome: 'succeeded',
        summary: 'Record checks failed: manager-active',
      },
    ]);
  });

  it('shows a caught error as caught when the next state is entered without an exit event', () => {
    const steps = historyStepsFromEvents([
      entered('AwaitHrDecision'),
      event('TaskScheduled'),
      event('TaskSubmitted'),
      event('TaskFailed', {
        taskFailedEventDetails: {
          resource: 'x',
          resourceType: 'sqs',
          error: 'Workflow.DecidedOutside',
          cause: 'An admin activated the profile',
        },
      }),
      entered('DecidedOutsideWorkflow', 'SucceedStateEntered'),
      exited('DecidedOutsideWorkflow', 'SucceedStateExited'),
      event('ExecutionSucceeded'),
    ]);
    expect(steps.map(({ name, outcome, summary }) => ({ name, outcome, summary }))).toEqual([
      { name: 'AwaitHrDecision', outcome: 'caught', summary: 'Ended with Workflow.DecidedOutside' },
      { name: 'DecidedOutsideWorkflow', outcome: 'succeeded', summary: undefined },
    ]);
  });

  it('shows a wait that timed out, and a wait cut short by a stop', () => {
    const steps = historyStepsFromEvents([
      entered('WaitForPhoto'),
      event('TaskScheduled'),
      event('TaskTimedOut', {
        taskTimedOutEventDetails: { resource: 'x', resourceType: 'sqs', error: 'States.Timeout' },
      }),
      entered('RemindAboutPhoto'),
      event('TaskScheduled'),
      event('TaskSucceeded', {
        taskSucceededEventDetails: {
          resource: 'x',
          resourceType: 'sqs',
          output: '{"photoReminders":1,"photoRejections":0}',
        },
      }),
      exited('RemindAboutPhoto'),
      entered('PhotoRemindersLeft', 'ChoiceStateEntered'),
      exited('PhotoRemindersLeft', 'ChoiceStateExited'),
      entered('WaitForPhoto'),
      event('TaskScheduled'),
      event('ExecutionAborted', { executionAbortedEventDetails: { error: 'Workflow.Stopped', cause: 'deactivated' } }),
    ]);
    expect(steps.map(({ name, outcome, summary }) => [name, outcome, summary])).toEqual([
      ['WaitForPhoto', 'timed-out', 'Timed out'],
      ['RemindAboutPhoto', 'succeeded', 'Employee reminded to add a photo (reminder 1)'],
      ['PhotoRemindersLeft', 'succeeded', undefined],
      ['WaitForPhoto', 'failed', 'Stopped'],
    ]);
    expect(steps.at(-1)?.exitedAt).toBeDefined();
  });

  it('summarises results without what people wrote, and not at all when a result breaks its schema', () => {
    expect(
      summariseStepResult('AwaitHrDecision', {
        decision: 'rejected',
        decidedBy: 'hr-7',
        decidedAt: '2026-12-01T10:00:00.000Z',
        reason: 'Failed the background check',
      }),
    ).toBe('HR rejected');
    expect(summariseStepResult('WaitForPhoto', { verdict: 'rejected', reason: 'Two faces' })).toBe('Photo rejected');
    expect(
      summariseStepResult('PlanHrReview', {
        remindHrAfterSeconds: 172_800,
        tellManagerAfterSeconds: 1,
        finalWaitSeconds: 1,
      }),
    ).toBe('Waiting for HR; reminder after 2 days');
    expect(summariseStepResult('Activate', { status: 'launched' })).toBeUndefined();
    const everything = JSON.stringify(historyStepsFromEvents([entered('CheckRecord'), exited('CheckRecord')]));
    expect(everything).not.toContain('secret-input');
  });
});

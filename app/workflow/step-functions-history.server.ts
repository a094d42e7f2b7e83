/**
 * Turns a Step Functions execution history (GetExecutionHistory's events) into the steps HR sees on the admin
 * employee page: one entry per state entered, with its times, its outcome and a short summary. A summary
 * names verdicts, check names and decisions, never what a person wrote or an address: the step results carry
 * HR's reasons and the findings' details, and this page is not where those are shown.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { STEP_RESULT_SCHEMAS, WorkflowStepSchema, type WorkflowStep } from '@shared/contracts/verification-workflow';
import type { WorkflowHistoryStep } from './verification-engine.server';
import { summariseStepResult as summariseParsedResult } from './step-summaries';

const ENTERED = /StateEntered$/;
const EXITED = /StateExited$/;

interface OpenStep extends WorkflowHistoryStep {
  /** The last failure of the state's task, cleared when the task is scheduled again (a retry). */
  pendingError?: { error: string; timedOut: boolean };
  taskResult?: unknown;
}

/** A summary of one step's result, the same words as the local engine's; a result of the wrong shape gets none. */
export function summariseStepResult(step: WorkflowStep, result: unknown): string | undefined {
  const parsed = STEP_RESULT_SCHEMAS[step].safeParse(result);
  return parsed.success ? summariseParsedResult(step, parsed.data) : undefined;
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function close(step: OpenStep, at: string, outcome: WorkflowHistoryStep['outcome'], summary?: string) {
  step.exitedAt = at;
  step.outcome = outcome;
  if (summary) step.summary = summary;
}

export function historyStepsFromEvents(events: HistoryEvent[]): WorkflowHistoryStep[] {
  const steps: OpenStep[] = [];
  let current: OpenStep | undefined;

  /** A state left without an exit event (a caught error goes straight to the Catch's next state). */
  const closeCurrent = (at: string) => {
    if (!current || current.exitedAt) return;
    if (current.pendingError) {
      const { error, timedOut } = current.pendingError;
      close(current, at, timedOut ? 'timed-out' : 'caught', timedOut ? 'Timed out' : `Ended with ${error}`);
    } else close(current, at, 'succeeded');
  };

  for (const event of events) {
    const at = (event.timestamp ?? new Date(0)).toISOString();
    const type = event.type ?? '';
    if (ENTERED.test(type)) {
      closeCurrent(at);
      current = { name: event.stateEnteredEventDetails?.name ?? type, enteredAt: at, outcome: 'running' };
      steps.push(current);
    } else if (!current) {
      continue;
    } else if (type === 'TaskScheduled') {
      delete current.pendingError;
    } else if (type === 'TaskSucceeded') {
      current.taskResult = parseJson(event.taskSucceededEventDetails?.output);
    } else if (type === 'TaskFailed') {
      current.pendingError = { error: event.taskFailedEventDetails?.error ?? 'an error', timedOut: false };
    } else if (type === 'TaskTimedOut') {
      current.pendingError = { error: 'States.Timeout', timedOut: true };
    } else if (EXITED.test(type)) {
      if (current.pendingError) closeCurrent(at);
      else {
        const step = WorkflowStepSchema.safeParse(current.name);
        const summary = step.success ? summariseStepResult(step.data, current.taskResult) : undefined;
        close(current, at, 'succeeded', summary);
      }
    } else if (current.exitedAt) {
      continue;
    } else if (type === 'ExecutionFailed') {
      const error = event.executionFailedEventDetails?.error;
      close(current, at, 'failed', error ? `Failed with ${error}` : undefined);
    } else if (type === 'ExecutionAborted') {
      close(current, at, 'failed', 'Stopped');
    } else if (type === 'ExecutionTimedOut') {
      close(current, at, 'timed-out', 'Execution timed out');
    }
  }
  return steps.map(({ pendingError: _pendingError, taskResult: _taskResult, ...step }) => step);
}

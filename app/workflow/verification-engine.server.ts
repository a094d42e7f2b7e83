/**
 * Where verification workflows run: AWS Step Functions on AWS, the same definition in-process locally
 * (decision 010). The app starts an execution when it hears `employee.created`, completes the steps whose
 * tokens it holds, stops an execution when the employee is deactivated or deleted, and shows HR its history.
 * Both engines implement this interface and pass the same behaviour tests.
 */
import type { VerificationInput } from '@shared/contracts/verification-workflow';

export type ExecutionStatus = 'running' | 'succeeded' | 'failed' | 'aborted' | 'timed-out';

/** One state of an execution as HR sees it on the admin employee page. */
export interface WorkflowHistoryStep {
  /** The state's name in the definition (`WaitForPhoto`, `AwaitHrDecision`, ...). */
  name: string;
  enteredAt: string;
  exitedAt?: string;
  outcome: 'running' | 'succeeded' | 'failed' | 'timed-out' | 'caught';
  /** A short, personal-data-free summary of the step's result or error, for HR. */
  summary?: string;
}

export interface WorkflowHistory {
  executionName: string;
  status: ExecutionStatus;
  startedAt: string;
  stoppedAt?: string;
  steps: WorkflowHistoryStep[];
}

export interface VerificationEngine {
  /** Starts the employee's execution; a second start for the same employee changes nothing. */
  start(input: VerificationInput): Promise<'started' | 'already-started'>;
  /** Completes a step whose token the app holds, with the step's result (parsed by the caller). */
  succeed(taskToken: string, result: unknown): Promise<void>;
  /** Fails a step with a named error (WORKFLOW_ERRORS) and a cause without personal data. */
  fail(taskToken: string, error: string, cause: string): Promise<void>;
  /** Stops the employee's execution, if one runs (deactivated or deleted employee). */
  stop(employeeId: string, cause: string): Promise<void>;
  /** The employee's execution as HR sees it, or null when there is none. */
  history(employeeId: string): Promise<WorkflowHistory | null>;
  close(): Promise<void>;
}

/**
 * The verification engine on AWS Step Functions (decision 010): the stack's state machine runs the
 * definition, every Task sends its step to the task queue (task-queue-consumer.server.ts), and the app
 * answers here with the step's result. Executions are named after the employee, so the machine itself
 * refuses a second one.
 */
import { randomUUID } from 'node:crypto';
import type { HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import type { AwsClientSettings } from '@shared/aws-client-settings';
import { createSfnClient } from '@shared/aws-clients';
import { loadSfnSdk } from '@shared/aws-sdk-loaders';
import type { LazyClient } from '@shared/lazy-client';
import { VerificationInputSchema, verificationExecutionName } from '@shared/contracts/verification-workflow';
import { historyStepsFromEvents } from './step-functions-history.server';
import type { ExecutionStatus, VerificationEngine, WorkflowHistory } from './verification-engine.server';
import { WorkflowTaskGoneError } from './workflow-task-errors.server';

export interface StepFunctionsEngineOptions {
  stateMachineArn: string;
  region: string;
  /** moto in tests; unset on AWS. */
  endpoint?: string;
  /** Timeouts and tries, from the environment (AWS_REQUEST_TIMEOUT_MS and the rest). */
  settings?: AwsClientSettings;
}

/** Step Functions' limits on StopExecution and SendTaskFailure (characters). */
const MAX_ERROR_LENGTH = 256;
const MAX_CAUSE_LENGTH = 32_768;

const STATUS: Record<string, ExecutionStatus> = {
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  ABORTED: 'aborted',
  TIMED_OUT: 'timed-out',
  PENDING_REDRIVE: 'failed',
};

/** `arn:...:stateMachine:<machine>` → `arn:...:execution:<machine>:<name>`. */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  const match = /^(arn:[^:]+:states:[^:]*:[^:]*):stateMachine:([^:]+)$/.exec(stateMachineArn);
  if (!match) throw new Error('WORKFLOW_STATE_MACHINE_ARN is not a state machine ARN');
  return `${match[1]}:execution:${match[2]}:${executionName}`;
}

type SfnSdk = Awaited<ReturnType<typeof loadSfnSdk>>;

// The error classes are the loaded package's, the ones the client's answers are made of.
function taskGone(sfn: SfnSdk, error: unknown): WorkflowTaskGoneError | undefined {
  if (error instanceof sfn.TaskTimedOut) return new WorkflowTaskGoneError('timed-out');
  if (error instanceof sfn.TaskDoesNotExist) return new WorkflowTaskGoneError('not-found');
  if (error instanceof sfn.InvalidToken) return new WorkflowTaskGoneError('invalid-token');
  return undefined;
}

export function createStepFunctionsEngine(
  options: StepFunctionsEngineOptions,
  client: LazyClient<SFNClient> = createSfnClient(options),
): VerificationEngine {
  const { stateMachineArn } = options;
  const executionArn = (employeeId: string) => executionArnOf(stateMachineArn, verificationExecutionName(employeeId));

  async function describe(employeeId: string) {
    const sfn = await loadSfnSdk();
    try {
      return await client.send(new sfn.DescribeExecutionCommand({ executionArn: executionArn(employeeId) }));
    } catch (error) {
      if (error instanceof sfn.ExecutionDoesNotExist) return null;
      throw error;
    }
  }

  return {
    async start(input) {
      const parsed = VerificationInputSchema.parse(input);
      const sfn = await loadSfnSdk();
      try {
        await client.send(
          new sfn.StartExecutionCommand({
            stateMachineArn,
            name: verificationExecutionName(parsed.employeeId),
            // Step Functions treats a start with the same name AND the same input as the running execution
            // as a success (idempotent), which would read as "started" twice. A fresh request id makes every
            // input differ, so any second start is refused with ExecutionAlreadyExists, running or closed.
            input: JSON.stringify({ ...parsed, startRequestId: randomUUID() }),
          }),
        );
        return 'started';
      } catch (error) {
        if (error instanceof sfn.ExecutionAlreadyExists) return 'already-started';
        throw error;
      }
    },

    async succeed(taskToken, result) {
      const sfn = await loadSfnSdk();
      try {
        await client.send(new sfn.SendTaskSuccessCommand({ taskToken, output: JSON.stringify(result ?? {}) }));
      } catch (error) {
        throw taskGone(sfn, error) ?? error;
      }
    },

    async fail(taskToken, error, cause) {
      const sfn = await loadSfnSdk();
      try {
        await client.send(
          new sfn.SendTaskFailureCommand({
            taskToken,
            error: error.slice(0, MAX_ERROR_LENGTH),
            cause: cause.slice(0, MAX_CAUSE_LENGTH),
          }),
        );
      } catch (failure) {
        throw taskGone(sfn, failure) ?? failure;
      }
    },

    async stop(employeeId, cause) {
      const execution = await describe(employeeId);
      if (execution?.status !== 'RUNNING') return;
      const sfn = await loadSfnSdk();
      try {
        await client.send(
          new sfn.StopExecutionCommand({
            executionArn: executionArn(employeeId),
            error: 'Workflow.Stopped',
            cause: cause.slice(0, MAX_CAUSE_LENGTH),
          }),
        );
      } catch (error) {
        // It ended between the check and the stop: there is nothing left to stop.
        if (error instanceof sfn.ExecutionDoesNotExist) return;
        throw error;
      }
    },

    async history(employeeId): Promise<WorkflowHistory | null> {
      const execution = await describe(employeeId);
      if (!execution) return null;
      const { GetExecutionHistoryCommand } = await loadSfnSdk();
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new GetExecutionHistoryCommand({ executionArn: execution.executionArn, maxResults: 1000, nextToken }),
        );
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      return {
        executionName: execution.name ?? verificationExecutionName(employeeId),
        status: STATUS[execution.status ?? 'RUNNING'] ?? 'running',
        startedAt: (execution.startDate ?? new Date(0)).toISOString(),
        ...(execution.stopDate ? { stoppedAt: execution.stopDate.toISOString() } : {}),
        steps: historyStepsFromEvents(events),
      };
    },

    async close() {
      client.destroy();
    },
  };
}

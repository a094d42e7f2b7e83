/**
 * The verification workflow locally (decision 011): the same definition as on AWS, executed in-process by
 * aws-local-stepfunctions in the server's primary process, with every Task state handed to the app's step
 * handlers by a local carrier that mints a token and waits for the step's answer (decision 010).
 *
 * The database is the channel and the memory: an execution's row says where it stands (the state to run next
 * and its input, saved as each step completes), so a restarted primary resumes it from there with a copy of
 * the definition that starts at that state; the event log is HR's history; HTTP workers, which run no
 * executions, write starts, stops and answers that the primary picks up on its next tick.
 */
import { randomUUID } from 'node:crypto';
import {
  buildVerificationDefinition,
  forLocalEngine,
  taskStateNames,
  type AslDefinition,
} from '@shared/workflow/verification-definition';
import {
  STEP_RESULT_SCHEMAS,
  WorkflowTaskMessageSchema,
  verificationExecutionName,
  type VerificationInput,
  type WorkflowStep,
  type WorkflowTaskMessage,
} from '@shared/contracts/verification-workflow';
import type { Database } from '~/db/database.server';
import type { Logger } from '@shared/logger';
import {
  appendHistory,
  closeHistory,
  closeInterruptedHistory,
  closeOpenHistory,
  finishExecution,
  getExecution,
  insertExecution,
  listHistory,
  listRunningExecutions,
  saveExecutionPosition,
  summariseHistory,
  type LocalExecution,
} from '~/models/local-workflow-executions.server';
import { findAnswers, insertAnswer, type LocalAnswer } from '~/models/local-workflow-answers.server';
import type { VerificationEngine, WorkflowHistory } from './verification-engine.server';
import { summariseStepResult } from './step-summaries';
import { WorkflowTaskGoneError } from './workflow-task-errors.server';

export type WorkflowTaskHandler = (message: WorkflowTaskMessage) => Promise<void>;

export interface LocalEngineOptions {
  db: Database;
  log: Logger;
  /** The primary process (or a lone process): runs the executions. An HTTP worker only writes to the tables. */
  runsExecutions: boolean;
  /** How often the primary looks for starts, stops and answers written by other processes. */
  pollIntervalMs?: number;
}

const TOKEN_PREFIX = 'local:';
/** Step Functions' own error, raised into the execution when an answer names no error. */
const TASK_FAILED = 'States.TaskFailed';

interface PendingTask {
  executionName: string;
  state: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface RunningExecution {
  /** `stopped`: the execution was stopped for good; `closing`: this process stops, the execution resumes later. */
  abort(why: 'stopped' | 'closing'): void;
  done: Promise<void>;
}

function taskToken(executionName: string): string {
  return `${TOKEN_PREFIX}${executionName}:${randomUUID()}`;
}

function executionOfToken(token: string): string | null {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const rest = token.slice(TOKEN_PREFIX.length);
  const colon = rest.lastIndexOf(':');
  return colon > 0 ? rest.slice(0, colon) : null;
}

function namedError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

export class LocalVerificationEngine implements VerificationEngine {
  private readonly definition: AslDefinition;
  private readonly running = new Map<string, RunningExecution>();
  private readonly pending = new Map<string, PendingTask>();
  /** Each answered step's summary for HR, until its state exits (by execution and state). */
  private readonly summaries = new Map<string, string>();
  private handler: WorkflowTaskHandler | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private closing = false;

  constructor(private readonly options: LocalEngineOptions) {
    // The queue URL is never used locally: the carrier stands in for the queue.
    this.definition = forLocalEngine(buildVerificationDefinition({ taskQueueUrl: 'https://local.invalid/tasks' }));
  }

  /**
   * Starts running executions with `handler` doing every step: resumes the ones a previous process left
   * running, then looks for new starts, stops and answers every pollIntervalMs. The primary calls this once.
   */
  serveTasks(handler: WorkflowTaskHandler): void {
    if (!this.options.runsExecutions) throw new Error('only the primary process runs workflow executions');
    this.handler = handler;
    const interval = this.options.pollIntervalMs ?? 250;
    const loop = () => {
      this.timer = setTimeout(() => {
        void this.tick().finally(() => {
          if (!this.closing) loop();
        });
      }, interval);
      this.timer.unref();
    };
    void this.tick().finally(loop);
  }

  async start(input: VerificationInput): Promise<'started' | 'already-started'> {
    const name = verificationExecutionName(input.employeeId);
    const inserted = await insertExecution(this.options.db, {
      name,
      employeeId: input.employeeId,
      input: JSON.stringify(input),
      startAt: this.definition.StartAt,
    });
    if (inserted) void this.tick();
    return inserted ? 'started' : 'already-started';
  }

  succeed(token: string, result: unknown): Promise<void> {
    return this.answer({ taskToken: token, ok: true, result: JSON.stringify(result ?? {}) });
  }

  fail(token: string, error: string, cause: string): Promise<void> {
    return this.answer({ taskToken: token, ok: false, error, cause });
  }

  async stop(employeeId: string, cause: string): Promise<void> {
    const name = verificationExecutionName(employeeId);
    await finishExecution(this.options.db, name, { status: 'aborted', cause });
    this.running.get(name)?.abort('stopped');
  }

  async history(employeeId: string): Promise<WorkflowHistory | null> {
    const execution = await getExecution(this.options.db, verificationExecutionName(employeeId));
    if (!execution) return null;
    const entries = await listHistory(this.options.db, execution.name);
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      executionName: execution.name,
      status: execution.status,
      startedAt: iso(execution.startedAt),
      stoppedAt: execution.stoppedAt === null ? undefined : iso(execution.stoppedAt),
      steps: entries.map((entry) => ({
        name: entry.state,
        enteredAt: iso(entry.enteredAt),
        exitedAt: entry.exitedAt === null ? undefined : iso(entry.exitedAt),
        outcome: entry.outcome,
        summary: entry.summary ?? undefined,
      })),
    };
  }

  /** Stops this process's part: the executions stay `running` in the database and resume after a restart. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    const done = [...this.running.values()].map((execution) => {
      execution.abort('closing');
      return execution.done;
    });
    await Promise.allSettled(done);
  }

  /** Whether an execution runs in this process now (tests: a restart must not run one twice). */
  isRunningHere(employeeId: string): boolean {
    return this.running.has(verificationExecutionName(employeeId));
  }

  private async answer(answer: LocalAnswer): Promise<void> {
    const executionName = executionOfToken(answer.taskToken);
    if (!executionName) throw new WorkflowTaskGoneError('not-found');
    const execution = await getExecution(this.options.db, executionName);
    if (execution?.status !== 'running') throw new WorkflowTaskGoneError('not-found');
    if (!(await insertAnswer(this.options.db, answer))) throw new WorkflowTaskGoneError('not-found');
    this.deliver(answer);
  }

  /** Hands an answer to the carrier waiting for it in this process, if one is. */
  private deliver(answer: LocalAnswer): void {
    const waiting = this.pending.get(answer.taskToken);
    if (!waiting) return;
    this.pending.delete(answer.taskToken);
    if (!answer.ok) {
      waiting.reject(namedError(answer.error || TASK_FAILED, answer.cause));
      return;
    }
    const step = waiting.state as WorkflowStep;
    const parsed = STEP_RESULT_SCHEMAS[step].safeParse(JSON.parse(answer.result));
    if (!parsed.success) {
      waiting.reject(namedError(TASK_FAILED, `the answer to ${step} has the wrong shape`));
      return;
    }
    // The history entry may not be written yet (an immediate step answers within milliseconds): the recorder
    // adds the summary when the state exits.
    this.summaries.set(`${waiting.executionName}/${step}`, summariseStepResult(step, parsed.data));
    waiting.resolve(parsed.data);
  }

  private tick(): Promise<void> {
    if (!this.options.runsExecutions || !this.handler || this.closing) return Promise.resolve();
    // One tick at a time: a start's extra tick joins the one under way, then runs once more.
    const previous = this.ticking ?? Promise.resolve();
    const next = previous.then(() => this.tickOnce());
    this.ticking = next.catch((error: unknown) => this.options.log.error('workflow engine tick failed', { error }));
    return this.ticking;
  }

  private async tickOnce(): Promise<void> {
    if (this.closing) return;
    const rows = await listRunningExecutions(this.options.db);
    const runningNames = new Set(rows.map((row) => row.name));
    for (const row of rows) {
      if (!this.running.has(row.name)) await this.run(row);
    }
    // Stopped by another process (a worker, or the primary's own stop): abort here too.
    for (const [name, execution] of this.running) {
      if (!runningNames.has(name)) execution.abort('stopped');
    }
    for (const answer of await findAnswers(this.options.db, [...this.pending.keys()])) this.deliver(answer);
  }

  /** Runs (or resumes) an execution from its saved position: the state to run next, with its input. */
  private async run(execution: LocalExecution): Promise<void> {
    const { db, log } = this.options;
    await closeInterruptedHistory(db, execution.name);
    const definition = { ...this.definition, StartAt: execution.currentState };
    // The library's own validation takes 1.5-2.5 s per machine here (a copy per resumed state); the definition
    // is validated once, by asl-validator, in its unit test, and the local copy differs only in StartAt.
    // Loaded on first use: the engine runs in the primary only, and a worker need not hold the library
    // (docs/decisions/025-worker-memory.md).
    const { StateMachine } = await import('aws-local-stepfunctions');
    const machine = new StateMachine(definition as never, { validationOptions: { noValidate: true } });
    const handlers = Object.fromEntries(
      taskStateNames(this.definition).map((state) => [
        state,
        (effectiveInput: unknown) => this.carry(execution.name, state, effectiveInput),
      ]),
    );
    const run = machine.run(JSON.parse(execution.currentInput), {
      overrides: { taskResourceLocalHandlers: handlers as never },
      noThrowOnAbort: true,
      // The library has no $$.Task.Token: the carrier mints each task's token and puts it in the message.
      context: { Task: { Token: 'local' }, Execution: { Id: execution.name } } as never,
    });
    let aborted: 'stopped' | 'closing' | null = null;
    const recording = this.record(execution.name, run.eventLogs as AsyncGenerator<LogEvent>);
    const done = run.result
      .then(
        async (output) => {
          await recording;
          if (aborted === 'stopped') {
            await closeOpenHistory(db, execution.name, { outcome: 'caught', summary: 'Stopped' });
          }
          if (aborted || output === null) return;
          await finishExecution(db, execution.name, { status: 'succeeded' });
        },
        async (error: unknown) => {
          await recording;
          if (aborted) return;
          const cause = `${(error as Error).name}: ${(error as Error).message}`;
          await closeOpenHistory(db, execution.name, { outcome: 'failed', summary: 'The execution failed here' });
          await finishExecution(db, execution.name, { status: 'failed', cause });
          log.warn('verification execution failed', { execution: execution.name, cause });
        },
      )
      .catch((error: unknown) => log.error('verification execution not recorded', { execution: execution.name, error }))
      .finally(() => {
        this.running.delete(execution.name);
        for (const [token, task] of this.pending) if (task.executionName === execution.name) this.pending.delete(token);
      });
    this.running.set(execution.name, {
      abort: (why) => {
        aborted ??= why;
        // An answer arriving after this (a step handler that finds its profile gone, say) must find no carrier
        // to reject: the aborted run no longer listens, and the rejection would go unhandled.
        for (const [token, task] of this.pending) if (task.executionName === execution.name) this.pending.delete(token);
        run.abort();
      },
      done,
    });
  }

  /** The local stand-in for the task queue: mints a token, hands the step to the app, waits for its answer. */
  private carry(executionName: string, state: string, effectiveInput: unknown): Promise<unknown> {
    const body = (effectiveInput as { MessageBody?: Record<string, unknown> }).MessageBody ?? {};
    const token = taskToken(executionName);
    const message = WorkflowTaskMessageSchema.parse({ ...body, taskToken: token });
    const promise = new Promise<unknown>((resolve, reject) => {
      this.pending.set(token, { executionName, state, resolve, reject });
    });
    this.handler!(message).catch((error: unknown) => {
      // The step's work failed (a store was down): the definition retries it with backoff.
      this.options.log.warn('workflow step failed', { step: state, execution: executionName, error });
      this.deliver({ taskToken: token, ok: false, error: 'Workflow.TaskFailed', cause: 'the step could not be done' });
    });
    return promise;
  }

  /** Writes the execution's event log and, as each step completes, where the execution stands. */
  private async record(executionName: string, events: AsyncGenerator<LogEvent>): Promise<void> {
    const { db, log } = this.options;
    const caught = new Set<string>();
    // StateFailed comes before StateCaught or StateRetried, which do not repeat the error.
    let lastError: string | undefined;
    try {
      for await (const event of events) {
        const at = event.timestamp ?? Date.now();
        const state = event.state?.name;
        if (!state) continue;
        switch (event.type) {
          case 'StateEntered':
            caught.delete(state);
            await appendHistory(db, { executionName, state, enteredAt: at });
            await saveExecutionPosition(db, executionName, { state, input: JSON.stringify(event.state!.input) });
            break;
          case 'StateRetried':
            await summariseHistory(db, executionName, state, `Retried after ${lastError ?? 'an error'}`);
            break;
          case 'StateCaught': {
            caught.add(state);
            const timedOut = lastError === 'States.Timeout';
            await closeHistory(db, executionName, state, {
              outcome: timedOut ? 'timed-out' : 'caught',
              summary: timedOut ? 'No answer within the time limit' : `Ended by ${lastError ?? 'an error'}`,
              exitedAt: at,
            });
            for (const [token, task] of this.pending) {
              if (task.executionName === executionName && task.state === state) this.pending.delete(token);
            }
            break;
          }
          case 'StateFailed':
            lastError = event.Error ?? 'an error';
            break;
          case 'StateExited': {
            const summary = this.summaries.get(`${executionName}/${state}`);
            this.summaries.delete(`${executionName}/${state}`);
            await closeHistory(db, executionName, state, { outcome: 'succeeded', summary, exitedAt: at });
            const next = this.definition.States[state]?.Next;
            const type = this.definition.States[state]?.Type;
            // A Choice's next state is known only when entered; a caught state goes to its catcher's Next.
            if (
              !caught.has(state) &&
              type !== 'Choice' &&
              typeof next === 'string' &&
              event.state!.output !== undefined
            ) {
              await saveExecutionPosition(db, executionName, {
                state: next,
                input: JSON.stringify(event.state!.output),
              });
            }
            break;
          }
        }
      }
    } catch (error) {
      log.error('workflow history not recorded', { execution: executionName, error });
    }
  }
}

interface LogEvent {
  type: string;
  timestamp?: number;
  state?: { name: string; input: unknown; output?: unknown };
  Error?: string;
}
